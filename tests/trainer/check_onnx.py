"""Validates ONNX files with the onnx package's full checker (shape inference included).

Usage: python3 check_onnx.py MODEL.onnx [...]; exit status 1 names the first invalid file.
"""
import sys

import onnx

for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except Exception as error:  # the checker raises several exception types
        print(f"{path}: {error}")
        sys.exit(1)
    print(f"{path}: valid")
