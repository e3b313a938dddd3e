# CMake toolchain file: bare-metal Arm Cortex-M with the GNU Arm toolchain
# (Debian: gcc-arm-none-eabi and libnewlib-arm-none-eabi).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
# No operating system to link a test program against: test with a static library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
find_program(SD_SIZE arm-none-eabi-size REQUIRED)
