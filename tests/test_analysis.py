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
