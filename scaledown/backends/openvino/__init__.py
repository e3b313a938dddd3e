"""OpenVINO backend: reads OpenVINO IR (``.xml`` + ``.bin``) and runs models on the CPU plugin."""
