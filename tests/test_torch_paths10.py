"""torch's import paths that published code uses and minigrad now has: utils.data.sampler/dataset/dataloader,
nn.modules.utils (_pair...), nn.common_types, utils.hooks.RemovableHandle, compiler, _dynamo; each checked
against torch's behaviour."""
import collections
import importlib

import pytest
import torch

import minigrad


@pytest.mark.parametrize("path, names", [
    ("utils.data.sampler", ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
                            "WeightedRandomSampler", "BatchSampler"]),
    ("utils.data.dataset", ["Dataset", "IterableDataset", "TensorDataset", "ConcatDataset", "ChainDataset", "Subset",
                            "StackDataset", "random_split"]),
    ("utils.data.dataloader", ["DataLoader", "default_collate", "default_convert", "get_worker_info"]),
    ("nn.modules.utils", ["_single", "_pair", "_triple", "_quadruple", "_ntuple", "_reverse_repeat_tuple",
                          "_list_with_default", "consume_prefix_in_state_dict_if_present"]),
    ("nn.common_types", ["_size_1_t", "_size_2_t", "_size_3_t", "_size_any_t", "_ratio_2_t", "_size_2_opt_t"]),
    ("utils.hooks", ["RemovableHandle", "unserializable_hook"]),
    ("compiler", ["disable", "is_compiling", "is_dynamo_compiling", "reset", "allow_in_graph"]),
    ("_dynamo", ["config", "reset", "disable"]),
])
def test_the_path_imports_and_names_what_torchs_does(path, names):
    mg, th = importlib.import_module("minigrad." + path), importlib.import_module("torch." + path)
    for name in names:
        assert hasattr(th, name) and hasattr(mg, name), name


def test_data_submodules_name_the_same_classes():
    from minigrad.utils.data import DataLoader, SubsetRandomSampler, random_split
    from minigrad.utils.data.dataloader import DataLoader as D
    from minigrad.utils.data.dataset import random_split as r
    from minigrad.utils.data.sampler import SubsetRandomSampler as S
    assert (D, r, S) == (DataLoader, random_split, SubsetRandomSampler)


@pytest.mark.parametrize("name, arg", [("_single", 3), ("_pair", 3), ("_pair", (1, 2)), ("_triple", [4, 5, 6]),
                                       ("_quadruple", 0), ("_pair", "ab")])
def test_ntuple_helpers_as_torchs(name, arg):
    mg, th = importlib.import_module("minigrad.nn.modules.utils"), importlib.import_module("torch.nn.modules.utils")
    assert getattr(mg, name)(arg) == getattr(th, name)(arg)
    assert getattr(mg, name).__name__ == getattr(th, name).__name__


def test_repeat_tuple_list_with_default_and_prefix_consumption_as_torchs():
    import minigrad.nn.modules.utils as mu
    import torch.nn.modules.utils as tu
    assert mu._reverse_repeat_tuple((1, 2, 3), 2) == tu._reverse_repeat_tuple((1, 2, 3), 2)
    assert mu._list_with_default([None, 5], [1, 2, 7, 9]) == tu._list_with_default([None, 5], [1, 2, 7, 9])
    assert mu._list_with_default(4, [1, 2]) == tu._list_with_default(4, [1, 2])
    with pytest.raises(ValueError, match="at least 3"):
        mu._list_with_default([None, 5], [1, 2])
    sds = []
    for u in (mu, tu):
        sd = collections.OrderedDict([("module.a", 1), ("module.b.c", 2), ("d", 3)])
        sd._metadata = collections.OrderedDict([("", {}), ("module", {"v": 1}), ("module.b", {"v": 2})])
        u.consume_prefix_in_state_dict_if_present(sd, "module.")
        sds.append((list(sd.items()), list(sd._metadata.items())))
    assert sds[0] == sds[1]


def test_removable_handle_removes_its_entry_as_torchs():
    from minigrad.utils.hooks import RemovableHandle
    for cls in (RemovableHandle, torch.utils.hooks.RemovableHandle):
        hooks, extra = collections.OrderedDict(), collections.OrderedDict()
        h = cls(hooks, extra_dict=extra)
        hooks[h.id], extra[h.id] = "hook", "flag"
        with h:
            assert h.id in hooks
        assert not hooks and not extra
        with pytest.raises(TypeError, match="weak reference"):
            cls({})                                   # a plain dict cannot be referred to weakly, as in torch


def test_compiler_and_dynamo_say_nothing_is_compiled_and_keep_functions():
    for lib in (minigrad, torch):
        assert lib.compiler.is_compiling() is False and lib.compiler.is_dynamo_compiling() is False

        @lib.compiler.disable
        def f(x):
            return x * 2
        assert f(lib.ones(2)).tolist() == [2.0, 2.0]
        assert lib.compiler.disable(recursive=False)(f)(lib.ones(1)).tolist() == [2.0]
        before = lib._dynamo.config.suppress_errors
        lib._dynamo.config.suppress_errors = True
        assert lib._dynamo.config.suppress_errors is True
        lib._dynamo.config.suppress_errors = before
        lib._dynamo.reset()
