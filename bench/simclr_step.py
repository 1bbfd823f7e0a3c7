#!/usr/bin/env python3
"""Times one SimCLR training step in PyTorch, as the twin of Tributary's Java SimClrLearner.

The network, loss and optimiser mirror SimClrConfig.defaults() in
src/main/java/dev/tributary/model: a residual CNN encoder (3x3 stem, stages of residual blocks
that halve the resolution, global average pool), a linear-ReLU-linear projection head, NT-Xent
over the two views of each image with in-batch negatives, global-norm gradient clipping and
AdamW with decay on conv and linear weights only. Parameter names equal the Java checkpoint
names, so weights from a Tributary checkpoint load into this model.

The Java side is `tributary bench train` (dev.tributary.cli.BenchTrainCommand). Input is
random pixels of the default shape; augmentation is not timed on either side, because the Java
trainer makes views on a background thread ahead of the step.

--channels-last lays the model and the input out channels-last in memory, as the Java encoder
does inside; the default is PyTorch's own NCHW, which is what the plain module above runs.

Prints one line of JSON:
  {"model": "simclr", "images_per_second": ..., "step_seconds_median": ..., ...}
images_per_second counts source images (the batch), each giving two views to the network.

With --serve the script times one step for each line "step" on standard input and answers
each with the step's seconds on a line of its own, so the Java benchmark can alternate its
steps with these on a shared machine; end of input (or a line "done") prints the JSON line.
"""

import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# The defaults of SimClrConfig.defaults(); keep the two in step.
CHANNELS, HEIGHT, WIDTH = 1, 28, 28
STEM_WIDTH = 16
STAGE_WIDTHS = (32, 64, 128)
BLOCKS_PER_STAGE = 1
PROJECTION_HIDDEN = 128
PROJECTION_SIZE = 64
TEMPERATURE = 0.2
PEAK_RATE = 1e-3
WEIGHT_DECAY = 1e-4
CLIP_NORM = 1.0
# DJL's BatchNorm momentum 0.9 weighs the running value; PyTorch's weighs the batch.
BN_MOMENTUM = 0.1
BN_EPS = 1e-5


class ConvBatchNorm(nn.Module):
    def __init__(self, c_in, c_out, kernel, stride):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel, stride, kernel // 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=BN_EPS, momentum=BN_MOMENTUM)

    def forward(self, x):
        return self.bn(self.conv(x))


class ResidualBlock(nn.Module):
    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out, eps=BN_EPS, momentum=BN_MOMENTUM)
        needs_projection = stride != 1 or c_in != c_out
        self.shortcut = ConvBatchNorm(c_in, c_out, 1, stride) if needs_projection else None

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)), inplace=True)
        out = self.bn2(self.conv2(out))
        skip = x if self.shortcut is None else self.shortcut(x)
        return F.relu(out + skip, inplace=True)


class ResidualEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = ConvBatchNorm(CHANNELS, STEM_WIDTH, 3, 1)
        c_in = STEM_WIDTH
        self.stages = []
        for s, width in enumerate(STAGE_WIDTHS, start=1):
            stage = nn.Module()
            for b in range(1, BLOCKS_PER_STAGE + 1):
                stride = 2 if b == 1 else 1
                stage.add_module(f"block{b}", ResidualBlock(c_in, width, stride))
                c_in = width
            self.add_module(f"stage{s}", stage)
            self.stages.append(stage)

    def forward(self, x):                                     # (B, C, H, W)
        x = F.relu(self.stem(x), inplace=True)                # (B, stem, H, W)
        for stage in self.stages:
            for block in stage.children():
                x = block(x)                                  # (B, width, H/2, W/2) per stage
        return F.adaptive_avg_pool2d(x, 1).flatten(1)         # (B, D)


class ProjectionHead(nn.Module):
    def __init__(self, d_in):
        super().__init__()
        self.fc1 = nn.Linear(d_in, PROJECTION_HIDDEN)
        self.fc2 = nn.Linear(PROJECTION_HIDDEN, PROJECTION_SIZE)

    def forward(self, h):
        return self.fc2(F.relu(self.fc1(h), inplace=True))


class SimClr(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = ResidualEncoder()
        self.head = ProjectionHead(STAGE_WIDTHS[-1])

    def forward(self, x):
        return self.head(self.encoder(x))


def nt_xent(z, temperature):
    """z holds view one of every image, then view two: (2N, P)."""
    n = z.shape[0] // 2
    z = F.normalize(z, dim=1)                                 # (2N, P)
    logits = z @ z.t() / temperature                          # (2N, 2N)
    logits.fill_diagonal_(float("-inf"))
    positives = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(logits, positives)


def conv_macs(c_in, c_out, kernel, out_h, out_w):
    return c_in * c_out * kernel * kernel * out_h * out_w


def forward_macs_per_image():
    """Multiply-adds of the convolutions and linear layers for one image."""
    h, w = HEIGHT, WIDTH
    macs = conv_macs(CHANNELS, STEM_WIDTH, 3, h, w)
    c_in = STEM_WIDTH
    for width in STAGE_WIDTHS:
        for b in range(BLOCKS_PER_STAGE):
            stride = 2 if b == 0 else 1
            h, w = (h - 1) // stride + 1, (w - 1) // stride + 1
            macs += conv_macs(c_in, width, 3, h, w) + conv_macs(width, width, 3, h, w)
            if stride != 1 or c_in != width:
                macs += conv_macs(c_in, width, 1, h, w)
            c_in = width
    return macs + c_in * PROJECTION_HIDDEN + PROJECTION_HIDDEN * PROJECTION_SIZE


def flops_per_step(batch):
    """Forward plus backward (about twice the forward) at 2 FLOPs a multiply-add."""
    views = 2 * batch
    macs = views * forward_macs_per_image() + views * views * PROJECTION_SIZE
    return 3 * 2 * macs


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=256, help="source images a step")
    parser.add_argument("--steps", type=int, default=20, help="timed steps")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads")
    parser.add_argument("--channels-last", action="store_true",
                        help="NHWC memory layout for the weights and activations")
    parser.add_argument("--serve", action="store_true",
                        help="time one step per line 'step' on standard input")
    return parser.parse_args()


def make_step(args):
    """A function running one full training step: forward, loss, backward, clip, update."""
    torch.manual_seed(0)
    model = SimClr()
    views = torch.rand(2 * args.batch, CHANNELS, HEIGHT, WIDTH)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        views = views.contiguous(memory_format=torch.channels_last)
    decayed = [p for p in model.parameters() if p.dim() > 1]
    undecayed = [p for p in model.parameters() if p.dim() <= 1]
    optimizer = torch.optim.AdamW(
        [{"params": decayed, "weight_decay": WEIGHT_DECAY},
         {"params": undecayed, "weight_decay": 0.0}], lr=PEAK_RATE)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = nt_xent(model(views), TEMPERATURE)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
        if torch.isfinite(loss) and torch.isfinite(norm):
            optimizer.step()
        return loss.item()

    model.train()
    return step


def timed(step):
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def served_seconds(step):
    """Times a step for each 'step' line on stdin, answering with its seconds."""
    seconds = []
    for line in sys.stdin:
        if line.strip() == "done":
            break
        seconds.append(timed(step))
        print(seconds[-1], flush=True)
    return seconds


def main():
    args = parse_arguments()
    torch.set_num_threads(args.threads)
    step = make_step(args)
    for _ in range(args.warmup):
        step()
    if args.serve:
        print("ready", flush=True)
        seconds = served_seconds(step)
    else:
        seconds = [timed(step) for _ in range(args.steps)]

    median = statistics.median(seconds)
    flops = flops_per_step(args.batch)
    print(json.dumps({
        "model": "simclr",
        "framework": "pytorch " + torch.__version__,
        "layout": "channels-last" if args.channels_last else "nchw",
        "threads": args.threads,
        "batch": args.batch,
        "steps": len(seconds),
        "images_per_second": round(args.batch / median, 1),
        "views_per_second": round(2 * args.batch / median, 1),
        "step_seconds_median": round(median, 5),
        "flops_per_step": flops,
        "gflops_per_second": round(flops / median / 1e9, 2),
    }))


if __name__ == "__main__":
    main()
