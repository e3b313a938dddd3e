"""Keras backend: Keras 3 models (with tf_keras for legacy files) and TF SavedModels."""
