"""The per-article analysis: word shingles and their MinHash signature."""

import zlib

import numpy as np
from datasketch import MinHash

from generator.analysis import MINHASH_SCHEME, NUM_PERM, minhash_signature, shingle_hashes


def crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def test_shingles_are_the_sorted_unique_hashes_of_word_triples():
    hashes = shingle_hashes(("The port is open.", "The port is open again"))
    triples = {"the port is", "port is open", "is open the", "open the port", "is open again"}
    assert hashes.dtype == np.uint32
    assert hashes.tolist() == sorted(crc(t) for t in triples)


def test_a_text_shorter_than_a_shingle_is_one_shingle():
    assert shingle_hashes(("Two words",)).tolist() == [crc("two words")]
    assert shingle_hashes(()).tolist() == [crc("")]


def test_signature_is_datasketchs_minhash_of_the_shingles():
    # The permutations are drawn once per process; the signature must be what a fresh MinHash gives.
    shingles = shingle_hashes(("Harbour workers walked out on Monday over pay and hours.",))
    fresh = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=lambda value: value, scheme=MINHASH_SCHEME)
    fresh.update_batch(shingles.tolist())
    assert np.array_equal(minhash_signature(shingles), fresh.hashvalues)
    assert minhash_signature(shingles).dtype == fresh.hashvalues.dtype


def test_words_are_counted_as_scikit_learns_analyzer_counts_them():
    from generator.analysis import word_counts
    from generator.model import Article

    article = Article(id="a.md", path=None, title="Port strike ends", outlet=None, url=None, author=None, published=None, updated=None,
                      paragraphs=("The strike at the port ended on Friday after 14,200 workers voted.", "The port reopens."))
    words, counts = word_counts(article)
    assert dict(zip(words.split("\n"), counts.tolist())) == {
        "14200": 1, "ended": 1, "ends": 2, "friday": 1, "port": 4, "reopens": 1, "strike": 3, "voted": 1, "workers": 1,
    }


def test_the_grouping_vectors_are_scikit_learns_tfidf_of_the_texts():
    # The per-article stage counts words; the build lays the counts out and weighs them.
    # The result must be what TfidfVectorizer gives on the whole texts.
    from dataclasses import replace

    from sklearn.feature_extraction.text import TfidfVectorizer

    from generator.analysis import WORD_PATTERN, article_text, word_counts
    from generator.build import read_corpus
    from generator.clustering import tfidf_vectors
    from generator.config import load_settings

    from .conftest import ROOT

    report, _, _ = read_corpus(replace(load_settings(ROOT / "briefings.yml"), out=ROOT / "no-such-folder"))
    articles = sorted(report.articles, key=lambda a: a.id)
    for some in (articles, articles[:7]):  # over 20 articles, the words in 60 % of them are left out
        expected = TfidfVectorizer(
            sublinear_tf=True, stop_words="english", max_df=0.6 if len(some) > 20 else 1.0, token_pattern=WORD_PATTERN,
            dtype=np.float32,
        ).fit_transform([article_text(a) for a in some]).tocsr()
        got = tfidf_vectors([word_counts(a) for a in some])
        assert got.shape == expected.shape and got.dtype == expected.dtype and got.has_sorted_indices
        expected.sort_indices()  # scikit-learn leaves each row's words in the order first seen
        assert (got.indptr.tolist(), got.indices.tolist()) == (expected.indptr.tolist(), expected.indices.tolist())
        assert got.data.tolist() == expected.data.tolist()


def test_an_events_member_products_are_the_sparse_products_row_by_row():
    # The online pass takes an article's products with an event's recent members in one
    # gather: the same numbers as multiplying each member row, an empty row (a report with
    # no word left after stop words) included.
    from scipy import sparse

    from generator.clustering import _products, _stack

    members = sparse.csr_matrix(np.array([
        [0.6, 0.0, 0.8, 0.0],
        [0.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0],
        [0.5, 0.5, 0.5, 0.5],
    ], dtype=np.float32))
    article = np.array([0.8, 0.0, 0.6, 0.0], dtype=np.float32)
    rows = _stack([members[i] for i in range(members.shape[0])])
    assert np.allclose(_products(rows, article), members @ article)
    assert _products(rows, article).round(6).tolist() == [0.96, 0.0, 0.0, 0.7]
