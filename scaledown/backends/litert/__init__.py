"""LiteRT (TFLite) backend: reads ``.tflite`` flatbuffers and runs them on LiteRT."""
