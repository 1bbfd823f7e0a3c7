#!/usr/bin/env python3
"""PyTorch twin of Tributary's language-model training step, to compare throughput.

The network, initialisation, loss, clipping and optimiser match dev.tributary.model.LmLearner:
token and learned position embeddings, pre-LayerNorm blocks with causal multi-head attention
written from tensor operations and a GELU MLP, a final LayerNorm, an output head tied to the
token embedding; masked mean cross-entropy, global-norm clipping at 1.0, AdamW with betas
(0.9, 0.95), weight decay 0.1 on matrices only, and the warm-up then inverse square-root rate.
Parameter names equal the Java checkpoint's, so its safetensors load into this model by name.

Prints one JSON line, e.g.
  {"model": "lm", "tokens_per_second": ..., "step_seconds_median": ..., "flops_per_step": ...}
The fastest step is printed too: on a machine shared with other work it is the steadier figure.
"""

import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PADDING_ID = 1


class CausalSelfAttention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.c_attn = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)

    def forward(self, x, mask):
        b, t, c = x.shape  # (B, T, C)
        hs = c // self.heads
        q, k, v = self.c_attn(x).split(c, dim=2)  # 3 x (B, T, C)
        q = q.view(b, t, self.heads, hs).transpose(1, 2) * (1.0 / math.sqrt(hs))  # (B, nh, T, hs)
        k = k.view(b, t, self.heads, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(b, t, self.heads, hs).transpose(1, 2)  # (B, nh, T, hs)
        scores = q @ k.transpose(2, 3) + mask  # (B, nh, T, T)
        y = scores.softmax(dim=-1) @ v  # (B, nh, T, hs)
        y = y.transpose(1, 2).reshape(b, t, c)  # (B, T, C)
        return self.c_proj(y)


class FeedForward(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.c_fc = nn.Linear(width, hidden)
        self.c_proj = nn.Linear(hidden, width)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x)))  # (B, T, C)


class Block(nn.Module):
    def __init__(self, width, heads, mlp_ratio):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = CausalSelfAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = FeedForward(width, mlp_ratio * width)

    def forward(self, x, mask):
        x = x + self.attn(self.ln_1(x), mask)  # (B, T, C)
        return x + self.mlp(self.ln_2(x))  # (B, T, C)


class TransformerLm(nn.Module):
    def __init__(self, vocab, context, layers, width, heads, mlp_ratio, init_std):
        super().__init__()
        self.wte = nn.Embedding(vocab, width)
        self.wpe = nn.Embedding(context, width)
        self.h = nn.ModuleList(Block(width, heads, mlp_ratio) for _ in range(layers))
        self.ln_f = nn.LayerNorm(width)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, mean=0.0, std=init_std)
            if isinstance(module, nn.Linear):
                nn.init.zeros_(module.bias)

    def forward(self, tokens):
        t = tokens.shape[1]  # (B, T)
        positions = torch.arange(t, dtype=torch.long)  # (T)
        x = self.wte(tokens) + self.wpe(positions)  # (B, T, C)
        mask = torch.full((t, t), float("-inf")).triu(1)  # (T, T)
        for block in self.h:
            x = block(x, mask)  # (B, T, C)
        return F.linear(self.ln_f(x), self.wte.weight)  # (B, T, V), tied head


def learning_rate(step, peak, warmup, decay, floor):
    if step < warmup:
        return peak * (step + 1) / warmup
    return max(floor, peak / math.sqrt(1.0 + (step - warmup) / decay))


def flops_per_token(vocab, context, layers, width, mlp_ratio):
    """Forward and backward, as LmConfig.flopsPerToken counts them."""
    c, hidden = width, mlp_ratio * width
    per_layer = (3 * c * c + 3 * c) + (c * c + c) + (c * hidden + hidden) + (hidden * c + c) + 4 * c
    multiplying = vocab * c + layers * per_layer + 2 * c  # position embeddings excluded
    return 6 * multiplying + 12 * layers * width * context


def train_step(model, optimizer, tokens, rate, clip):
    inputs, targets = tokens[:, :-1], tokens[:, 1:]  # (B, T)
    mask = (targets != PADDING_ID).float()  # (B, T)
    logits = model(inputs)  # (B, T, V)
    losses = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                             reduction="none")  # (B * T)
    loss = (losses * mask.reshape(-1)).sum() / mask.sum()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
    if math.isfinite(loss.item()) and math.isfinite(norm.item()):
        for group in optimizer.param_groups:
            group["lr"] = rate
        optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return loss.item(), norm.item()


def adamw(model, weight_decay):
    """AdamW as LmLearner configures it: matrices decay, vectors do not."""
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                              {"params": no_decay, "weight_decay": 0.0}],
                             lr=1e-3, betas=(0.9, 0.95), eps=1e-8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=32, help="sequences per step")
    parser.add_argument("--tokens", type=int, default=64, help="tokens per sequence")
    parser.add_argument("--steps", type=int, default=30, help="timed steps")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads")
    parser.add_argument("--context", type=int, default=64, help="positions the model holds")
    parser.add_argument("--vocab", type=int, default=4096)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--mlp-ratio", type=int, default=4)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if not 2 <= args.tokens <= args.context + 1:
        parser.error("--tokens must be 2 to --context + 1")
    context = args.context
    model = TransformerLm(args.vocab, context, args.layers, args.width, args.heads,
                          args.mlp_ratio, 0.02)
    optimizer = adamw(model, 0.1)
    tokens = torch.randint(2, args.vocab, (args.batch, args.tokens), dtype=torch.long)

    durations = []
    for step in range(args.warmup + args.steps):
        rate = learning_rate(step, 1e-3, 200, 2000, 1e-4)
        started = time.perf_counter()
        train_step(model, optimizer, tokens, rate, 1.0)
        if step >= args.warmup:
            durations.append(time.perf_counter() - started)

    median = statistics.median(durations)
    predicted = args.batch * (args.tokens - 1)
    flops = flops_per_token(args.vocab, context, args.layers, args.width, args.mlp_ratio)
    print(json.dumps({
        "model": "lm",
        "engine": "pytorch " + torch.__version__,
        "threads": args.threads,
        "batch": [args.batch, args.tokens],
        "tokens_per_second": round(predicted / median, 1),
        "step_seconds_median": round(median, 5),
        "step_seconds_min": round(min(durations), 5),
        "flops_per_step": flops * predicted,
        "gflops_per_second": round(flops * predicted / median / 1e9, 2),
    }))


if __name__ == "__main__":
    main()
