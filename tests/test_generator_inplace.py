"""generator= in the in-place random fills and in nn.init: the same seed gives the same numbers, the global stream
(minigrad.manual_seed) is left alone, and a wrong generator is refused as by the factories."""
import numpy as np
import pytest

import minigrad

FILLS = {
    "uniform_": lambda t, g: t.uniform_(-2.0, 3.0, generator=g),
    "normal_": lambda t, g: t.normal_(1.0, 0.5, generator=g),
    "bernoulli_": lambda t, g: t.bernoulli_(0.3, generator=g),
    "random_": lambda t, g: t.random_(0, 7, generator=g),
    "exponential_": lambda t, g: t.exponential_(2.0, generator=g),
    "init.uniform_": lambda t, g: minigrad.nn.init.uniform_(t, generator=g),
    "init.normal_": lambda t, g: minigrad.nn.init.normal_(t, generator=g),
    "init.trunc_normal_": lambda t, g: minigrad.nn.init.trunc_normal_(t, std=0.02, generator=g),
    "init.trunc_normal_ narrow": lambda t, g: minigrad.nn.init.trunc_normal_(t, a=3.0, b=3.5, generator=g),
    "init.xavier_uniform_": lambda t, g: minigrad.nn.init.xavier_uniform_(t, generator=g),
    "init.xavier_normal_": lambda t, g: minigrad.nn.init.xavier_normal_(t, generator=g),
    "init.kaiming_uniform_": lambda t, g: minigrad.nn.init.kaiming_uniform_(t, a=5 ** 0.5, generator=g),
    "init.kaiming_normal_": lambda t, g: minigrad.nn.init.kaiming_normal_(t, generator=g),
    "init.orthogonal_": lambda t, g: minigrad.nn.init.orthogonal_(t, generator=g),
}


@pytest.mark.parametrize("name", list(FILLS))
def test_same_seed_same_numbers_and_the_global_stream_untouched(name):
    fill = FILLS[name]
    minigrad.manual_seed(7)
    expected_next = minigrad.rand(3).numpy()
    minigrad.manual_seed(7)
    a = fill(minigrad.empty(6, 4), minigrad.Generator().manual_seed(3)).numpy().copy()
    assert np.array_equal(minigrad.rand(3).numpy(), expected_next)         # the global stream did not move
    b = fill(minigrad.empty(6, 4), minigrad.Generator().manual_seed(3)).numpy()
    c = fill(minigrad.empty(6, 4), minigrad.Generator().manual_seed(4)).numpy()
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_a_wrong_generator_is_refused():
    with pytest.raises(TypeError):
        minigrad.empty(3).uniform_(generator=np.random.default_rng(0))
    with pytest.raises(TypeError):
        minigrad.nn.init.orthogonal_(minigrad.empty(3, 3), generator=42)
