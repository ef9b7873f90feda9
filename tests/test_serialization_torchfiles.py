"""minigrad.save / minigrad.load speak torch's checkpoint formats: files written by real torch load in
minigrad (without torch's help: minigrad never imports torch), files written by minigrad load in real
torch, and weights_only=True refuses what torch refuses."""
from __future__ import annotations

import io
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest
import torch

import minigrad
from minigrad.serialization import _torchfile

FORMATS = [True, False]          # _use_new_zipfile_serialization: zip, legacy
FMT_IDS = ["zip", "legacy"]


class Point:
    """An arbitrary class: weights_only=True must refuse it."""

    def __init__(self, x):
        self.x = x


class Evil:
    def __reduce__(self):
        return (print, ("this must never print",))


def _nets(lib):
    """The same small nets built by torch or by minigrad (`import minigrad as torch` style)."""
    nn = lib.nn
    lib.manual_seed(0)
    conv = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(),
                         nn.Linear(4 * 5 * 5, 6))
    emb = nn.Sequential(nn.Embedding(10, 5), nn.Flatten(), nn.Linear(15, 2))
    return conv, emb


def _train_bn(conv, lib):
    conv.train()
    for i in range(3):                # three batches: running stats move, num_batches_tracked = 3
        conv(lib.from_numpy(np.random.default_rng(i).standard_normal((2, 3, 5, 5)).astype(np.float32)))


X = np.random.default_rng(7).standard_normal((2, 3, 5, 5)).astype(np.float32)
IDX = np.array([[1, 2, 3], [9, 0, 4]], dtype=np.int64)


@pytest.mark.parametrize("new_zip", FORMATS, ids=FMT_IDS)
def test_torch_state_dict_loads_into_minigrad_model(tmp_path, new_zip):
    tconv, temb = _nets(torch)
    _train_bn(tconv, torch)
    path = tmp_path / "weights.pt"
    torch.save({"conv": tconv.state_dict(), "emb": temb.state_dict()}, path,
               _use_new_zipfile_serialization=new_zip)
    sd = minigrad.load(path)
    nbt = sd["conv"]["1.num_batches_tracked"]
    assert isinstance(nbt, minigrad.Tensor) and nbt.dtype == minigrad.int64 and nbt.item() == 3
    assert isinstance(sd["conv"], OrderedDict) and list(sd["conv"]) == list(tconv.state_dict())
    mconv, memb = _nets(minigrad)
    mconv.load_state_dict(sd["conv"])
    memb.load_state_dict(sd["emb"])
    tconv.eval()
    mconv.eval()
    with torch.no_grad():
        want = tconv(torch.from_numpy(X)).numpy()
        want_e = temb(torch.from_numpy(IDX)).numpy()
    np.testing.assert_allclose(mconv(minigrad.from_numpy(X)).detach().numpy(), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(memb(minigrad.from_numpy(IDX)).detach().numpy(), want_e, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("new_zip", FORMATS, ids=FMT_IDS)
def test_minigrad_state_dict_loads_into_torch_model(tmp_path, new_zip):
    mconv, memb = _nets(minigrad)
    _train_bn(mconv, minigrad)
    path = tmp_path / "weights.pt"
    minigrad.save({"conv": mconv.state_dict(), "emb": memb.state_dict()}, path,
                  _use_new_zipfile_serialization=new_zip)
    sd = torch.load(path)                           # torch's default: weights_only=True
    assert sd["conv"]["1.num_batches_tracked"].dtype == torch.int64
    tconv, temb = _nets(torch)
    tconv.load_state_dict(sd["conv"])
    temb.load_state_dict(sd["emb"])
    tconv.eval()
    mconv.eval()
    with torch.no_grad():
        got = tconv(torch.from_numpy(X)).numpy()
        got_e = temb(torch.from_numpy(IDX)).numpy()
    np.testing.assert_allclose(got, mconv(minigrad.from_numpy(X)).detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_e, memb(minigrad.from_numpy(IDX)).detach().numpy(), rtol=1e-5, atol=1e-6)


def _views(lib):
    base = lib.arange(24.0).reshape(4, 6)
    return {"base": base, "t": base.t(), "slice": base[1:3, ::2], "row": base[2], "flat": base.reshape(-1)[5:9],
            "expanded": lib.arange(3.0).expand(2, 3), "alone": lib.ones(2, 2)}


def _same_values(got, want):
    for k in want:
        np.testing.assert_array_equal(got[k].numpy(), want[k].numpy(), err_msg=k)
        assert tuple(got[k].shape) == tuple(want[k].shape), k


@pytest.mark.parametrize("new_zip", FORMATS, ids=FMT_IDS)
def test_views_from_torch_keep_values_and_sharing(tmp_path, new_zip):
    src = _views(torch)
    torch.save(src, tmp_path / "v.pt", _use_new_zipfile_serialization=new_zip)
    got = minigrad.load(tmp_path / "v.pt")
    back = torch.load(tmp_path / "v.pt")
    _same_values(got, src)
    # torch keeps the views of one storage sharing it after a load; so does minigrad
    for lib_out in (back, got):
        lib_out["row"].add_(100)
        lib_out["t"][0, 0] = -1                      # base[0, 0]
        assert lib_out["base"][2, 0].item() == 112 and lib_out["base"][0, 0].item() == -1
        assert lib_out["slice"][1, 0].item() == 112 and lib_out["flat"][0].item() == 5
        assert lib_out["alone"].sum().item() == 4
    np.testing.assert_array_equal(got["base"].numpy(), back["base"].numpy())


@pytest.mark.parametrize("new_zip", FORMATS, ids=FMT_IDS)
def test_views_from_minigrad_keep_values_and_sharing_in_torch(tmp_path, new_zip):
    src = _views(minigrad)
    minigrad.save(src, tmp_path / "v.pt", _use_new_zipfile_serialization=new_zip)
    back = torch.load(tmp_path / "v.pt")
    _same_values(back, src)
    ptr = back["base"].untyped_storage().data_ptr()
    for k in ("t", "slice", "row", "flat"):        # one storage, views at offsets, as torch itself saves
        assert back[k].untyped_storage().data_ptr() == ptr, k
    assert back["row"].storage_offset() == 12 and back["t"].stride() == (1, 6)
    assert back["alone"].untyped_storage().data_ptr() != ptr
    if new_zip:
        records = [n for n in zipfile.ZipFile(tmp_path / "v.pt").namelist() if "/data/" in n]
        assert len(records) == 3                     # base, the expanded arange, alone
    again = minigrad.load(tmp_path / "v.pt")
    _same_values(again, src)
    again["row"].mul_(0)
    assert again["base"][2].sum().item() == 0 and again["slice"][1].sum().item() == 0


DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


def _sample(name, shape=(3, 4)):
    rng = np.random.default_rng(3)
    if name == "bool":
        return rng.random(shape) > 0.5
    if name.startswith("float"):
        return (rng.standard_normal(shape) * 100).astype(name)
    info = np.iinfo(name)
    return rng.integers(info.min, info.max, size=shape, dtype=name, endpoint=True)


@pytest.mark.parametrize("new_zip", FORMATS, ids=FMT_IDS)
@pytest.mark.parametrize("name", DTYPES)
def test_dtypes_both_ways(name, new_zip):
    arr = _sample(name)
    buf = io.BytesIO()
    torch.save({"x": torch.from_numpy(arr), "xt": torch.from_numpy(arr).t()}, buf,
               _use_new_zipfile_serialization=new_zip)
    buf.seek(0)
    got = minigrad.load(buf)
    assert got["x"].dtype == getattr(minigrad, name)
    np.testing.assert_array_equal(got["x"].numpy(), arr)
    np.testing.assert_array_equal(got["xt"].numpy(), arr.T)
    buf = io.BytesIO()
    minigrad.save({"x": minigrad.from_numpy(arr), "xt": minigrad.from_numpy(arr).t()}, buf,
                  _use_new_zipfile_serialization=new_zip)
    buf.seek(0)
    back = torch.load(buf)
    assert back["x"].dtype == getattr(torch, name)
    np.testing.assert_array_equal(back["x"].numpy(), arr)
    np.testing.assert_array_equal(back["xt"].numpy(), arr.T)


def test_bfloat16_is_read_as_float32_exactly():
    t = torch.randn(5, 3).to(torch.bfloat16)
    buf = io.BytesIO()
    torch.save({"w": t, "wt": t.t()}, buf)
    buf.seek(0)
    with pytest.warns(UserWarning, match="bfloat16"):
        got = minigrad.load(buf)
    assert got["w"].dtype == minigrad.float32
    np.testing.assert_array_equal(got["w"].numpy(), t.float().numpy())
    np.testing.assert_array_equal(got["wt"].numpy(), t.float().t().numpy())


def test_unsupported_dtype_is_a_clear_error():
    buf = io.BytesIO()
    torch.save({"z": torch.ones(2, dtype=torch.uint16)}, buf)
    buf.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="uint16"):
        minigrad.load(buf)


def test_nested_checkpoint_with_adam_state(tmp_path):
    tconv, _ = _nets(torch)
    opt = torch.optim.Adam(tconv.parameters(), lr=1e-2)
    tconv(torch.from_numpy(X)).square().mean().backward()
    opt.step()
    torch.save({"model": tconv.state_dict(), "optimizer": opt.state_dict(), "epoch": 3, "loss": 0.5,
                "name": "net", "shape": torch.Size([2, 3]), "dtype": torch.float16, "none": None,
                "pair": (1, [2.5, "x"]), "blob": b"\x00\xff"}, tmp_path / "ckpt.pt")
    ck = minigrad.load(tmp_path / "ckpt.pt")
    assert (ck["epoch"], ck["loss"], ck["name"], ck["none"], ck["pair"], ck["blob"]) == \
        (3, 0.5, "net", None, (1, [2.5, "x"]), b"\x00\xff")
    assert ck["shape"] == (2, 3) and isinstance(ck["shape"], minigrad.Size) and ck["dtype"] is minigrad.float16
    tstate = opt.state_dict()
    assert ck["optimizer"]["param_groups"] == tstate["param_groups"]
    for i, s in tstate["state"].items():
        for k, v in s.items():
            np.testing.assert_array_equal(ck["optimizer"]["state"][i][k].numpy(), v.numpy())
    # and back: minigrad writes the checkpoint, torch reads it with weights_only=True
    minigrad.save(ck, tmp_path / "again.pt")
    back = torch.load(tmp_path / "again.pt")
    assert back["optimizer"]["param_groups"] == tstate["param_groups"] and back["epoch"] == 3
    assert back["shape"] == torch.Size([2, 3]) and back["dtype"] is torch.float16 and back["blob"] == b"\x00\xff"
    for k, v in tconv.state_dict().items():
        assert torch.equal(back["model"][k], v), k


def test_weights_only_refuses_a_pickled_torch_model_and_arbitrary_classes(tmp_path, capsys):
    tconv, _ = _nets(torch)
    torch.save(tconv, tmp_path / "model.pt")
    with pytest.raises(pickle.UnpicklingError, match=r"torch\.nn\.modules\.container\.Sequential.*weights_only=False"):
        minigrad.load(tmp_path / "model.pt")
    with pytest.raises(pickle.UnpicklingError, match="not other torch objects"):
        minigrad.load(tmp_path / "model.pt", weights_only=False)
    torch.save({"p": Point(3)}, tmp_path / "point.pt")
    with pytest.raises(pickle.UnpicklingError, match=r"\.Point"):
        minigrad.load(tmp_path / "point.pt")
    assert minigrad.load(tmp_path / "point.pt", weights_only=False)["p"].x == 3
    torch.save([Evil()], tmp_path / "evil.pt")
    with pytest.raises(pickle.UnpicklingError, match="builtins.print"):
        minigrad.load(tmp_path / "evil.pt")
    assert "must never print" not in capsys.readouterr().out


def test_whole_minigrad_model_needs_weights_only_false(tmp_path):
    mconv, _ = _nets(minigrad)
    mconv.eval()
    minigrad.save(mconv, tmp_path / "model.pt")
    with pytest.raises(pickle.UnpicklingError, match="weights_only=False"):
        minigrad.load(tmp_path / "model.pt")
    with pytest.raises(pickle.UnpicklingError):      # torch refuses it too (and would need minigrad)
        torch.load(tmp_path / "model.pt")
    again = minigrad.load(tmp_path / "model.pt", weights_only=False)
    assert type(again) is type(mconv)
    np.testing.assert_array_equal(again(minigrad.from_numpy(X)).detach().numpy(), mconv(minigrad.from_numpy(X)).detach().numpy())
    with pytest.raises(RuntimeError, match="pickle_module"):
        minigrad.load(tmp_path / "model.pt", pickle_module=pickle, weights_only=True)
    assert type(minigrad.load(tmp_path / "model.pt", pickle_module=pickle)) is type(mconv)


def test_parameters_and_requires_grad_survive_both_ways():
    p = minigrad.nn.Parameter(minigrad.ones(2, 3))
    q = minigrad.nn.Parameter(minigrad.zeros(2), requires_grad=False)
    r = minigrad.ones(2, requires_grad=True)
    buf = io.BytesIO()
    minigrad.save([p, q, r, p], buf)
    buf.seek(0)
    tp, tq, tr, tp2 = torch.load(buf)
    assert isinstance(tp, torch.nn.Parameter) and tp.requires_grad and not tq.requires_grad
    assert type(tr) is torch.Tensor and tr.requires_grad and tp2 is tp
    buf = io.BytesIO()
    torch.save([tp, tq, tr, tp2], buf)
    buf.seek(0)
    mp, mq, mr, mp2 = minigrad.load(buf)
    assert isinstance(mp, minigrad.nn.Parameter) and mp.requires_grad and not mq.requires_grad
    assert not isinstance(mr, minigrad.nn.Parameter) and mr.requires_grad and mp2 is mp


def test_paths_file_objects_and_save_signature(tmp_path):
    x = minigrad.arange(5.0)
    minigrad.save(x, str(tmp_path / "a.pt"), pickle_module=pickle, pickle_protocol=2)
    minigrad.save(x, tmp_path / "b.pt", _use_new_zipfile_serialization=False)
    with open(tmp_path / "c.pt", "wb") as fh:
        minigrad.save(x, fh)
    for name in "abc":
        assert torch.load(tmp_path / f"{name}.pt").tolist() == [0, 1, 2, 3, 4]
        with open(tmp_path / f"{name}.pt", "rb") as fh:
            assert minigrad.load(fh).tolist() == [0, 1, 2, 3, 4]
    buf = io.BytesIO()
    minigrad.save(x, buf, pickle_protocol=4)
    buf.seek(0)
    assert minigrad.load(buf).tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="pickle_protocol"):
        minigrad.save(x, io.BytesIO(), pickle_protocol=1)

    class Stream(io.RawIOBase):        # a pipe-like file: no seek
        def __init__(self, data=b""):
            self.data, self.out = io.BytesIO(data), io.BytesIO()

        def readable(self):
            return True

        def writable(self):
            return True

        def readinto(self, b):
            return self.data.readinto(b)

        def write(self, b):
            return self.out.write(b)

    w = Stream()
    minigrad.save(x, w)
    assert minigrad.load(Stream(w.out.getvalue())).tolist() == [0, 1, 2, 3, 4]


def test_map_location(tmp_path):
    torch.save({"w": torch.arange(3.0)}, tmp_path / "w.pt")
    for ml in ("cpu", minigrad.device("cpu"), torch.device("cpu"), {"cpu": "cpu"}, lambda s, loc: s,
               lambda s, loc: None):
        assert minigrad.load(tmp_path / "w.pt", map_location=ml)["w"].tolist() == [0, 1, 2]
    if not minigrad.cuda.is_available():
        with pytest.raises(RuntimeError, match="map_location='cpu'"):
            minigrad.load(tmp_path / "w.pt", map_location="cuda")


def test_tensors_saved_on_a_gpu_load_with_map_location():
    for ml in ("cpu", {"cuda:0": "cpu"}, lambda s, loc: s):
        assert minigrad.load(_crafted((4,), (1,), location="cuda:0"), map_location=ml).tolist() == [0, 1, 2, 3]
    if not minigrad.cuda.is_available():
        with pytest.raises(RuntimeError, match="saved on 'cuda:0'.*map_location='cpu'"):
            minigrad.load(_crafted((4,), (1,), location="cuda:0"))


def _zip_with(records):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in records.items():
            z.writestr("archive/" + name, data)
    buf.seek(0)
    return buf


class _Rebuild:
    """Pickles as torch's _rebuild_tensor_v2 call with whatever arguments a test gives."""

    def __init__(self, *args):
        self.args = args

    def __reduce__(self):
        return (_torchfile._g("torch._utils", "_rebuild_tensor_v2"), self.args)


def _crafted(size, stride, offset=0, numel=4, location="cpu"):
    ref = _torchfile._StorageRef(("storage", _torchfile._g("torch", "FloatStorage"), "0", location, numel))
    pkl = io.BytesIO()
    _torchfile.TorchPickler(pkl, 2, legacy=False).dump(_Rebuild(ref, offset, size, stride, False, OrderedDict()))
    return _zip_with({"data.pkl": pkl.getvalue(), "data/0": np.arange(numel, dtype=np.float32).tobytes(),
                      "version": "3\n"})


def test_corrupt_files_are_refused_not_read_out_of_bounds():
    assert minigrad.load(_crafted((2, 2), (2, 1))).tolist() == [[0, 1], [2, 3]]
    with pytest.raises(pickle.UnpicklingError, match="reaches element"):
        minigrad.load(_crafted((100,), (1,)))
    with pytest.raises(pickle.UnpicklingError, match="reaches element"):
        minigrad.load(_crafted((2,), (1,), offset=3))
    with pytest.raises(pickle.UnpicklingError, match="corrupt tensor"):
        minigrad.load(_crafted((2,), (-1,)))
    buf = io.BytesIO()
    torch.save(torch.ones(4), buf)
    records = {n.split("/", 1)[1]: d for n, d in
               ((n, zipfile.ZipFile(buf).read(n)) for n in zipfile.ZipFile(buf).namelist())}
    records["data/0"] = records["data/0"][:8]
    with pytest.raises(pickle.UnpicklingError, match="has 8 bytes"):
        minigrad.load(_zip_with(records))
    with pytest.raises(RuntimeError, match="not a torch checkpoint"):
        minigrad.load(_zip_with({"hello.txt": "hi"}))


def test_minigrad_older_pickles_still_load(tmp_path):
    """Before it wrote torch's format, minigrad.save pickled tensors as NumPy arrays."""
    obj = {"w": minigrad.tensor([1.0, 2.0]), "p": minigrad.nn.Parameter(minigrad.ones(2)), "d": minigrad.int64,
           "n": 3}
    with open(tmp_path / "old.pt", "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    got = minigrad.load(tmp_path / "old.pt", map_location="cpu")
    assert got["w"].tolist() == [1.0, 2.0] and isinstance(got["p"], minigrad.nn.Parameter)
    assert got["d"] is minigrad.int64 and got["n"] == 3
    with open(tmp_path / "old_model.pt", "wb") as fh:
        pickle.dump(minigrad.nn.Linear(2, 3), fh)
    with pytest.raises(pickle.UnpicklingError, match="minigrad.nn.layers.Linear"):
        minigrad.load(tmp_path / "old_model.pt")
    assert isinstance(minigrad.load(tmp_path / "old_model.pt", weights_only=False), minigrad.nn.Linear)
