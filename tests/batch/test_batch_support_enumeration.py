"""The batch engine's written-out determinants, against exact ones (sympy, on integers)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation.batch.support_enumeration import determinant


@settings(max_examples=60, deadline=None)
@given(data=st.data(), size=st.integers(1, 4))
def test_determinants_up_to_4x4_are_exact_on_small_integers(
    data: st.DataObject, size: int
) -> None:
    # Entries in -9..9: every product and sum of a 4x4 determinant is an integer below 2^53,
    # so the float expansion must give sympy's exact value exactly, at every point.
    matrices = data.draw(arrays(np.int64, (size, size, 3), elements=st.integers(-9, 9)))
    import sympy

    expected = [int(sympy.Matrix(matrices[:, :, point].tolist()).det()) for point in range(3)]
    assert determinant(matrices.astype(float)).tolist() == expected
