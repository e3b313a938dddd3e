"""The files of a firmware project: the shared sources and each variant's board glue.

Every variant holds the same folder ``src/scaledown/`` (:data:`SHARED_FOLDER`),
byte for byte: the compiled model (``sd_model.*``, ``sd_kernels.*``), the
sample input and the host's expected output (``sd_sample.*``), the
project's constants (``sd_project.h``), the application (``sd_app.*``), the
board interface (``sd_board.h``), SHA-256 and the result line's writer
(``sd_sha256.*``, ``sd_result_line.*``: copied from the virtual board's
harness, which builds with the same files) and the sensor hook (``sd_sensor.c``).
Only the glue around it differs:

* ``cmake``: ``CMakeLists.txt``, ``cmake/arm-none-eabi.cmake`` and
  ``board/virtual/`` (start-up code, semihosting, linker script): it builds
  and runs on the virtual board;
* ``arduino``: ``<sketch>.ino`` (Arduino's ``Serial`` and ``micros()``);
* ``platformio``: ``platformio.ini`` and ``src/main.cpp`` (the same glue as the sketch).

Example:
    >>> shared_names()[:3]
    ('sd_model.h', 'sd_model.c', 'sd_kernels.h')
    >>> print(sample_source(b"\\x01", b"\\xff").splitlines()[-1])
    const int8_t sd_sample_expected[1] = { -1 };
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from string import Template

from ..virtual_board.cores import Core

SHARED_FOLDER = "src/scaledown"
_APP_FILES = ("sd_app.h", "sd_app.c", "sd_board.h", "sd_sensor.c")
_HARNESS_FILES = ("sd_sha256.h", "sd_sha256.c", "sd_result_line.h", "sd_result_line.c")
_MODEL_FILES = ("sd_model.h", "sd_model.c", "sd_kernels.h", "sd_kernels.c")
_GENERATED = ("sd_sample.h", "sd_sample.c", "sd_project.h")


def shared_names() -> tuple[str, ...]:
    """The names of the files in :data:`SHARED_FOLDER`, in the order they are written."""
    return (*_MODEL_FILES, *_GENERATED, *_HARNESS_FILES, *_APP_FILES)


def _c_dir() -> Path:
    return Path(str(resources.files("scaledown.firmware") / "c"))


def _harness(name: str) -> str:
    from ..virtual_board.build import harness_dir

    return (harness_dir() / name).read_text(encoding="utf-8")


def _row(data: bytes) -> str:
    return ", ".join(str(b - 256 if b > 127 else b) for b in data) or "0"


def sample_source(sample: bytes, expected: bytes) -> str:
    """``sd_sample.c``: the sample input and the output this computer computed for it."""
    def array(name: str, data: bytes) -> str:
        rows = [_row(data[i:i + 16]) for i in range(0, max(len(data), 1), 16)]
        body = ",\n    ".join(rows)
        one_line = len(rows) == 1
        return (f"const int8_t {name}[{max(len(data), 1)}] = {{ {body} }};" if one_line
                else f"const int8_t {name}[{max(len(data), 1)}] = {{\n    {body},\n}};")

    return ("/* Written by sd.export: the sample input embedded at export time and the output\n"
            " * your computer computed for it (the board must print the same bytes). */\n"
            "#include \"sd_sample.h\"\n\n"
            f"{array('sd_sample_input', sample)}\n{array('sd_sample_expected', expected)}\n")


_SAMPLE_HEADER = """/* Written by sd.export: the self-check's sample (sd_sample.c). */
#ifndef SD_SAMPLE_H_
#define SD_SAMPLE_H_

#include <stdint.h>

#include "sd_model.h"

extern const int8_t sd_sample_input[];
extern const int8_t sd_sample_expected[];

#endif /* SD_SAMPLE_H_ */
"""


def _c_string(text: str) -> str:
    return '"' + "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in text) + '"'


def project_header(*, core: Core, model_sha256: str, runs: int, baud: int) -> str:
    """``sd_project.h``: the constants every variant reads (no board id: the glue holds it).

    Example:
        >>> from scaledown.virtual_board.cores import core
        >>> text = project_header(core=core("cortex-m4"), model_sha256="ab" * 32, runs=10,
        ...                       baud=115200)
        >>> "#define SD_PROJECT_RUNS 10" in text
        True
    """
    from ..version import __version__

    return (
        "/* Written by sd.export: the constants of this firmware project. */\n"
        "#ifndef SD_PROJECT_H_\n#define SD_PROJECT_H_\n\n"
        "/* The core the image is built for (the result line's core=). */\n"
        f"#define SD_PROJECT_CORE {_c_string(core.name)}\n"
        "/* SHA-256 of the model the project was exported from (model_sha256=). */\n"
        f"#define SD_PROJECT_MODEL_SHA256 {_c_string(model_sha256)}\n"
        "/* Inferences timed after the self-check. */\n"
        f"#define SD_PROJECT_RUNS {int(runs)}u\n"
        "/* Serial speed the Arduino and PlatformIO glue opens. */\n"
        f"#define SD_PROJECT_BAUD {int(baud)}\n"
        f"#define SD_PROJECT_SDV {_c_string(__version__)}\n\n"
        "#endif /* SD_PROJECT_H_ */\n")


def shared_files(model_files: dict[str, str], sample: bytes, expected: bytes,
                 project_h: str) -> dict[str, str]:
    """The files of :data:`SHARED_FOLDER` (name -> text), identical in every variant."""
    app = _c_dir() / "shared"
    files = {name: model_files[name] for name in _MODEL_FILES if name in model_files}
    files["sd_sample.h"] = _SAMPLE_HEADER
    files["sd_sample.c"] = sample_source(sample, expected)
    files["sd_project.h"] = project_h
    files.update({name: _harness(name) for name in _HARNESS_FILES})
    files.update({name: (app / name).read_text(encoding="utf-8") for name in _APP_FILES})
    return files


def cmake_glue(core: Core, device_core: str) -> dict[str, str]:
    """The CMake variant's own files (path -> text): build files and the virtual board's glue.

    Example:
        >>> from scaledown.virtual_board.cores import core
        >>> sorted(cmake_glue(core("cortex-m0"), "cortex-m0+"))[:2]
        ['CMakeLists.txt', 'board/virtual/link.ld']
    """
    from ..version import __version__
    from ..virtual_board.build import stack_reserve

    folder = _c_dir() / "virtual"
    cmake = Template((folder / "CMakeLists.txt.template").read_text(encoding="utf-8"))
    link = Template(_harness("link.ld.template"))
    files = {
        "CMakeLists.txt": cmake.substitute(
            version=__version__, core=core.name, machine=core.machine, device_core=device_core,
            cpu_flags=" ".join(core.cflags)),
        "cmake/arm-none-eabi.cmake": (folder / "arm-none-eabi.cmake").read_text(encoding="utf-8"),
        "board/virtual/link.ld": link.substitute(
            flash_origin=hex(core.flash_origin), flash_bytes=hex(core.flash_bytes),
            ram_origin=hex(core.ram_origin), ram_bytes=hex(core.ram_bytes),
            stack_bytes=hex(stack_reserve(core))),
        "board/virtual/sd_board_virtual.c": (folder / "sd_board_virtual.c").read_text("utf-8"),
        "board/virtual/sd_board_virtual.h": (
            "/* Written by sd.export: the board= value on the virtual board. */\n"
            f"#define SD_VIRTUAL_BOARD {_c_string('qemu-' + core.machine)}\n"),
    }
    for name in ("startup.c", "sd_semihost.c", "sd_semihost.h"):
        files[f"board/virtual/{name}"] = _harness(name)
    return files


def arduino_glue(*, device_id: str, board_name: str, include: str, what: str) -> str:
    """The Arduino glue (a sketch, or PlatformIO's ``main.cpp``) for one board."""
    template = Template((_c_dir() / "arduino" / "glue.cpp.template").read_text("utf-8"))
    return template.substitute(what=what, board_name=board_name.replace("*/", "* /"),
                               shared=SHARED_FOLDER + "/", include=include,
                               device=_c_string(device_id)[1:-1])


def platformio_ini(*, device_id: str, platformio: dict[str, str], baud: int) -> str:
    """``platformio.ini`` with one environment named after the board.

    Example:
        >>> print(platformio_ini(device_id="raspberry-pi-pico", baud=115200, platformio={
        ...     "platform": "raspberrypi", "board": "pico", "framework": "arduino"}
        ...     ).splitlines()[-4])
        platform = raspberrypi
    """
    from ..version import __version__

    return (f"; Written by scaledown {__version__} (sd.export, format \"platformio\").\n"
            "; NOT BUILT BY SCALEDOWN'S CI: only the CMake variant is built and run (on the\n"
            "; virtual board); src/scaledown/ holds the same files byte for byte.\n"
            "; Build and upload: pio run -t upload; then: pio device monitor\n"
            f"[env:{device_id}]\n"
            f"platform = {platformio['platform']}\n"
            f"board = {platformio['board']}\n"
            f"framework = {platformio['framework']}\n"
            f"monitor_speed = {int(baud)}\n")
