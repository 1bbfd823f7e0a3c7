#!/usr/bin/env python3
"""Runs training steps of the PyTorch twin (lm_step.py) from weights and tokens a Java test wrote.

Usage: lm_twin_check.py DIRECTORY, where DIRECTORY/twin.json names the configuration, the
tokens, the number of steps, a probe context, and one little-endian float32 file per
parameter. Prints one JSON line: each step's loss and gradient norm before clipping, and the
next-token logits of the probe after the last step. LmPyTorchTwinTest compares them with what
LmLearner and LanguageModel computed from the same start.
"""

import json
import os
import sys

import numpy as np
import torch

import lm_step


def main():
    directory = sys.argv[1]
    with open(os.path.join(directory, "twin.json"), encoding="utf-8") as file:
        spec = json.load(file)
    torch.set_num_threads(1)
    # The hyper-parameters as LmConfig.description() writes them: every value a string.
    c = {key: float(value) if "." in value or "E" in value else int(value)
         for key, value in spec["config"].items()}
    model = lm_step.TransformerLm(c["vocabularySize"], c["contextLength"], c["layers"],
                                  c["width"], c["heads"], c["mlpRatio"], c["initStd"])
    state = {}
    for tensor in spec["tensors"]:
        values = np.fromfile(os.path.join(directory, tensor["file"]), dtype="<f4")
        state[tensor["name"]] = torch.from_numpy(values.reshape(tensor["shape"]))
    model.load_state_dict(state, strict=True)  # every name must match, none left over

    optimizer = lm_step.adamw(model, c["weightDecay"])
    tokens = torch.tensor(spec["tokens"], dtype=torch.long)  # (N, T)
    losses, norms = [], []
    for step in range(spec["steps"]):
        rate = lm_step.learning_rate(step, c["schedule.peak"], c["schedule.warmupSteps"],
                                     c["schedule.decaySteps"], c["schedule.floor"])
        loss, norm = lm_step.train_step(model, optimizer, tokens, rate, c["clipNorm"])
        losses.append(loss)
        norms.append(norm)
    with torch.no_grad():
        probe = torch.tensor([spec["probe"]], dtype=torch.long)  # (1, T)
        logits = model(probe)[0, -1].tolist()  # (V)
    print(json.dumps({"losses": losses, "gradient_norms": norms, "probe_logits": logits}))


if __name__ == "__main__":
    main()
