from datetime import date, datetime, timedelta, timezone

from generator.dates import find_relative_dates, implausibility, parse_date, resolve_relative


def test_iso_dates_take_the_fast_path_and_get_a_zone():
    assert parse_date("2023-11-17") == datetime(2023, 11, 17, tzinfo=timezone.utc)
    assert parse_date("2025-03-04T09:30:00+02:00") == datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))


def test_dates_as_people_write_them():
    assert parse_date("Sunday, June 23, 2024").date() == date(2024, 6, 23)
    moment = parse_date("Oct. 17, 2023 12:28 am ET")
    assert (moment.date(), moment.hour, moment.minute) == (date(2023, 10, 17), 0, 28)
    assert moment.tzinfo is not None


def test_unparseable_text_is_none():
    assert parse_date("Most Popular") is None
    assert parse_date("") is None


def test_other_languages_when_configured():
    assert parse_date("17 octobre 2023", languages=("fr",)).date() == date(2023, 10, 17)


def test_yesterday_resolves_against_the_publication_date():
    assert find_relative_dates("Putin arrived in Beijing yesterday, officials said.", date(2023, 10, 17)) == [
        ("yesterday", date(2023, 10, 16))
    ]


def test_relative_phrases():
    tuesday = date(2025, 3, 4)  # a Tuesday
    assert resolve_relative("on Tuesday", tuesday) == tuesday  # news style: the same day
    assert resolve_relative("on Sunday", tuesday) == date(2025, 3, 2)
    assert resolve_relative("last Tuesday", tuesday) == date(2025, 2, 25)
    assert resolve_relative("next Friday", tuesday) == date(2025, 3, 7)
    assert resolve_relative("two days ago", tuesday) == date(2025, 3, 2)
    assert resolve_relative("last week", tuesday) == date(2025, 2, 25)
    assert resolve_relative("tomorrow", tuesday) == date(2025, 3, 5)
    assert resolve_relative("last night", tuesday) == date(2025, 3, 3)


def test_impossible_dates():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert implausibility(datetime(1900, 5, 1, tzinfo=timezone.utc), now) == "date 1900-05-01 is before 1990"
    assert implausibility(datetime(2100, 5, 1, tzinfo=timezone.utc), now) == "date 2100-05-01 is in the future"
    assert implausibility(datetime(2025, 5, 1, tzinfo=timezone.utc), now) is None
