"""Keras backend: Keras 3 models (with tf_keras for legacy files) and TF SavedModels."""

from ..declaration import Backend, Requirement, Source

DECLARATION = Backend(
    name="keras",
    summary="Keras 3 models (tf_keras for legacy .h5 files) and TF SavedModels",
    loads=("keras", "savedmodel"),
    extensions={".keras": "keras", ".h5": "keras", ".hdf5": "keras"},
    saves=("keras", "savedmodel"),
    suffix=".keras",
    runtime="keras",
    runs="keras",
    requires=Requirement("tensorflow", "tensorflow-cpu", "keras"),
    detects="load:detects",
    objects=("keras.Model",),
    verbs=("load", "inspect", "run", "save", "convert", "prune", "distill"),
    only={"prune": ("keras",), "distill": ("keras",)},  # training needs a Keras model
    routes={"tflite": "convert:to_tflite", "onnx": "convert:to_onnx",
            "openvino": "convert:to_openvino"},
    passes_through={"savedmodel->onnx": ("tflite",), "keras->openvino": ("onnx",)},
    sources=(Source("keras", "Keras", "sd.load(keras_model)", row=1),
             Source("savedmodel", "SavedModel", 'sd.load("saved_model/")', row=2)),
)
