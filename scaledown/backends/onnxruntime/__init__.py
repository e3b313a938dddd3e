"""ONNX Runtime backend: reads ``.onnx`` files and runs them on the CPU execution provider."""
