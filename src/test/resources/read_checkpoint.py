"""Reads a checkpoint that Tributary's local store wrote, using only json, struct, hashlib
and numpy: no Tributary code and no safetensors package.

Usage: python3 read_checkpoint.py DIRECTORY VERSION

DIRECTORY holds VERSION.json (the manifest) and VERSION.safetensors (the weights). Prints one
JSON object: whether size and SHA-256 match the manifest, a few manifest fields, the
safetensors metadata, and every tensor's name, shape and values in data order.
"""
import hashlib
import json
import struct
import sys

import numpy as np


def read_safetensors(data):
    """Returns ({name: float32 array}, metadata) from the bytes of a safetensors file."""
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_length])
    metadata = header.pop("__metadata__", {})
    body = data[8 + header_length:]
    tensors = {}
    for name, info in sorted(header.items(), key=lambda item: item[1]["data_offsets"][0]):
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']} is not F32")
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(body[begin:end], dtype="<f4").reshape(info["shape"])
    return tensors, metadata


def main(directory, version):
    with open(f"{directory}/{version}.json", encoding="utf-8") as file:
        manifest = json.load(file)
    with open(f"{directory}/{version}.safetensors", "rb") as file:
        weights = file.read()
    tensors, metadata = read_safetensors(weights)
    print(json.dumps({
        "size_ok": len(weights) == manifest["weight_bytes"],
        "sha256_ok": hashlib.sha256(weights).hexdigest() == manifest["weights_sha256"],
        "model": manifest["model"],
        "version": manifest["version"],
        "step": manifest["step"],
        "input_offsets": manifest["input_offsets"],
        "metadata": metadata,
        "tensors": [
            {"name": name, "shape": list(array.shape),
             "values": [float(value) for value in array.ravel()]}
            for name, array in tensors.items()
        ],
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
