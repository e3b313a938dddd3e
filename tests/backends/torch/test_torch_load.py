"""PyTorch in: modules and .pt2 files load as ONNX, convert to TFLite, and fail clearly.

These run wherever the ``torch`` extra is installed, and always in CI.
"""

from __future__ import annotations

import numpy as np
import pytest
from core_testmodels import workdir
from frameworks_testkit import require_torch

import scaledown as sd
from scaledown.errors import InputError, ModelLoadError, RuntimeNotInstalledError
from scaledown.install import pip_command

pytestmark = pytest.mark.slow


def _mobile_block_net():
    """Depthwise-separable convs, BatchNorm with statistics, ReLU6, a residual, view()."""
    torch = require_torch()
    nn = torch.nn
    torch.manual_seed(0)

    class MobileBlockNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8),
                                      nn.ReLU6())
            self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8)
            self.pw = nn.Conv2d(8, 8, 1)
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(8, 4)

        def forward(self, x):
            x = self.stem(x)
            x = x + torch.relu(self.pw(self.dw(x)))
            x = self.pool(x)
            return self.fc(x.view(x.size(0), -1))

    net = MobileBlockNet()
    with torch.no_grad():  # give BatchNorm real running statistics
        net.train()
        for _ in range(3):
            net(torch.rand(8, 3, 16, 16))
    return net.eval()


def test_a_module_converts_to_tflite_and_agrees_with_pytorch() -> None:
    torch = require_torch()
    net = _mobile_block_net()
    model = sd.load(net, example_input=torch.zeros(1, 3, 16, 16))
    assert model.format == "onnx" and model.inputs[0].layout == "NCHW"
    x = np.random.default_rng(0).random((5, 3, 16, 16), dtype=np.float32)
    with torch.no_grad():
        eager = net(torch.from_numpy(x)).numpy()
    tfl = sd.convert(model, to="tflite")
    assert tfl.inputs[0].layout == "NHWC"
    assert np.abs(tfl.predict(x.transpose(0, 2, 3, 1)) - eager).max() < 1e-4


def test_a_pt2_file_loads(tmp_path) -> None:
    torch = require_torch()
    net = _mobile_block_net()
    path = tmp_path / "net.pt2"
    torch.export.save(torch.export.export(net, (torch.zeros(1, 3, 16, 16),)), str(path))
    model = sd.load(path)
    assert model.format == "onnx" and model.name == "net"
    x = np.random.default_rng(1).random((2, 3, 16, 16), dtype=np.float32)
    with torch.no_grad():
        eager = net(torch.from_numpy(x)).numpy()
    assert np.abs(model.predict(x) - eager).max() < 1e-4


def test_a_module_without_example_input_says_what_to_pass() -> None:
    with pytest.raises(InputError) as err:
        sd.load(_mobile_block_net())
    assert "example_input" in err.value.what
    assert "example_input=torch.zeros(" in err.value.fix


def test_a_file_that_is_not_a_pt2_program_is_refused(tmp_path) -> None:
    require_torch()
    path = tmp_path / "weights.pt2"
    path.write_bytes(b"not a zip archive")
    with pytest.raises(ModelLoadError) as err:
        sd.load(path)
    assert "torch.export.save" in err.value.fix


def test_a_missing_torch_extra_names_the_install_command(monkeypatch) -> None:
    from scaledown import backends

    path = workdir() / "any.pt2"
    path.write_bytes(b"PK\x03\x04" + bytes(60))  # a zip header, as .pt2 files start
    from dataclasses import replace

    from scaledown.backends.declaration import Requirement

    missing = Requirement("scaledown_no_such_module", "torch", "torch")
    registry = dict(backends.REGISTRY)
    registry["torch"] = replace(registry["torch"], requires=missing)
    monkeypatch.setattr(backends, "REGISTRY", registry)
    with pytest.raises(RuntimeNotInstalledError) as err:
        sd.load(path)
    assert pip_command("torch") in err.value.fix
