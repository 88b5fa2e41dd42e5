#!/usr/bin/python3
"""Writes a tiny random BERT as a sentence-transformers directory, with reference vectors.

The encoder is computed by PyTorch's own torch.nn.TransformerEncoderLayer (post-norm, GELU,
eps 1e-12) with the BERT weights copied in, and the pooling and normalisation done in torch,
so the C++ forward pass is checked against an independent implementation.

usage: make_tiny_bert.py OUT_DIR cls|mean
"""
import json
import os
import struct
import sys

import torch

HIDDEN, LAYERS, HEADS, INTERMEDIATE, POSITIONS = 32, 2, 4, 64, 64
WORDS = ("graph neural networks learn representations of molecules proteins and text with "
         "attention over long sequences we study compression for large language models without "
         "retraining quantisation pruning distillation sparse experts").split()
TEXTS = [
    "graph neural networks",
    "we study compression for large language models without retraining",
    "attention over long sequences",
    "sparse experts learn representations of text with attention and quantisation pruning distillation",
    "molecules",
]


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        data = tensor.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(raw)))
        out.write(raw)
        for blob in blobs:
            out.write(blob)


def main():
    out_dir, pooling = sys.argv[1], sys.argv[2]
    torch.manual_seed(7 if pooling == "mean" else 11)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS
    ids = {w: i for i, w in enumerate(vocab)}

    def p(*shape, scale=0.5):
        return torch.randn(*shape) * scale

    weights = {
        "embeddings.word_embeddings.weight": p(len(vocab), HIDDEN),
        "embeddings.position_embeddings.weight": p(POSITIONS, HIDDEN),
        "embeddings.token_type_embeddings.weight": p(2, HIDDEN),
        "embeddings.LayerNorm.weight": 1 + p(HIDDEN, scale=0.1),
        "embeddings.LayerNorm.bias": p(HIDDEN, scale=0.1),
    }
    layers = []
    for i in range(LAYERS):
        at = f"encoder.layer.{i}."
        w = {
            "attention.self.query.weight": p(HIDDEN, HIDDEN, scale=0.3), "attention.self.query.bias": p(HIDDEN, scale=0.1),
            "attention.self.key.weight": p(HIDDEN, HIDDEN, scale=0.3), "attention.self.key.bias": p(HIDDEN, scale=0.1),
            "attention.self.value.weight": p(HIDDEN, HIDDEN, scale=0.3), "attention.self.value.bias": p(HIDDEN, scale=0.1),
            "attention.output.dense.weight": p(HIDDEN, HIDDEN, scale=0.3), "attention.output.dense.bias": p(HIDDEN, scale=0.1),
            "attention.output.LayerNorm.weight": 1 + p(HIDDEN, scale=0.1), "attention.output.LayerNorm.bias": p(HIDDEN, scale=0.1),
            "intermediate.dense.weight": p(INTERMEDIATE, HIDDEN, scale=0.3), "intermediate.dense.bias": p(INTERMEDIATE, scale=0.1),
            "output.dense.weight": p(HIDDEN, INTERMEDIATE, scale=0.3), "output.dense.bias": p(HIDDEN, scale=0.1),
            "output.LayerNorm.weight": 1 + p(HIDDEN, scale=0.1), "output.LayerNorm.bias": p(HIDDEN, scale=0.1),
        }
        weights.update({at + k: v for k, v in w.items()})
        layer = torch.nn.TransformerEncoderLayer(HIDDEN, HEADS, INTERMEDIATE, dropout=0.0, activation="gelu",
                                                 layer_norm_eps=1e-12, batch_first=True, norm_first=False)
        with torch.no_grad():
            layer.self_attn.in_proj_weight.copy_(torch.cat([w["attention.self.query.weight"], w["attention.self.key.weight"],
                                                            w["attention.self.value.weight"]]))
            layer.self_attn.in_proj_bias.copy_(torch.cat([w["attention.self.query.bias"], w["attention.self.key.bias"],
                                                          w["attention.self.value.bias"]]))
            layer.self_attn.out_proj.weight.copy_(w["attention.output.dense.weight"])
            layer.self_attn.out_proj.bias.copy_(w["attention.output.dense.bias"])
            layer.norm1.weight.copy_(w["attention.output.LayerNorm.weight"])
            layer.norm1.bias.copy_(w["attention.output.LayerNorm.bias"])
            layer.linear1.weight.copy_(w["intermediate.dense.weight"])
            layer.linear1.bias.copy_(w["intermediate.dense.bias"])
            layer.linear2.weight.copy_(w["output.dense.weight"])
            layer.linear2.bias.copy_(w["output.dense.bias"])
            layer.norm2.weight.copy_(w["output.LayerNorm.weight"])
            layer.norm2.bias.copy_(w["output.LayerNorm.bias"])
        layer.eval()
        layers.append(layer)

    vectors = []
    with torch.no_grad():
        for text in TEXTS:
            token_ids = torch.tensor([[ids["[CLS]"]] + [ids[w] for w in text.split()] + [ids["[SEP]"]]])
            n = token_ids.shape[1]
            x = (weights["embeddings.word_embeddings.weight"][token_ids] +
                 weights["embeddings.position_embeddings.weight"][:n].unsqueeze(0) +
                 weights["embeddings.token_type_embeddings.weight"][0])
            x = torch.nn.functional.layer_norm(x, (HIDDEN,), weights["embeddings.LayerNorm.weight"],
                                               weights["embeddings.LayerNorm.bias"], eps=1e-12)
            for layer in layers:
                x = layer(x)
            pooled = x[0, 0] if pooling == "cls" else x[0].mean(dim=0)
            vectors.append(torch.nn.functional.normalize(pooled, dim=0).tolist())

    os.makedirs(os.path.join(out_dir, "1_Pooling"), exist_ok=True)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), weights)
    with open(os.path.join(out_dir, "vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    config = {"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu", "hidden_size": HIDDEN,
              "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": INTERMEDIATE,
              "max_position_embeddings": POSITIONS, "type_vocab_size": 2, "vocab_size": len(vocab),
              "layer_norm_eps": 1e-12, "position_embedding_type": "absolute"}
    json.dump(config, open(os.path.join(out_dir, "config.json"), "w"), indent=2)
    json.dump([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
               {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
              open(os.path.join(out_dir, "modules.json"), "w"))
    json.dump({"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": pooling == "cls",
               "pooling_mode_mean_tokens": pooling == "mean", "pooling_mode_max_tokens": False},
              open(os.path.join(out_dir, "1_Pooling", "config.json"), "w"))
    json.dump({"max_seq_length": 48, "do_lower_case": False}, open(os.path.join(out_dir, "sentence_bert_config.json"), "w"))
    json.dump({"texts": TEXTS, "vectors": vectors}, open(os.path.join(out_dir, "reference.json"), "w"))


if __name__ == "__main__":
    main()
