// f32 depthwise 3x3 benchmark (wasm SIMD128 under node) on MobileNetV2's
// depthwise layers (224x224 input, pads 1), the way DwconvStep calls the
// kernels: one indirection buffer per layer, built once, one call per image,
// each timed call preceded by an untimed one (warm caches, as in the model).
// (The pre-barrier 9p4c baseline these kernels were compared with is in git
// history: bench/kernels/dwconv_before.cc at commit ac3b891.)
//
//   node build-wasm-bench/bench/nnslim_bench_dwconv.cjs [name-filter] [--reps N] [--5x5]
//   (or: bash scripts/bench-kernels.sh --dwconv [name-filter] [--reps N] [--5x5])
//
// --5x5: the 5x5 kernels instead, on MobileNetV3-style small maps (pads 2)
// like PaddleOCR's text-direction classifier's (48x192 input).
//
// Every selected 3x3-capable kernel runs each layer once per round, kernels
// in turn (round-robin, so load from other processes spreads over all of
// them); per layer the median over the rounds is reported as microseconds
// and GFLOP/s (2 * 9 FLOPs per output element), and "model" is the sum of
// the layers' medians weighted by how often MobileNetV2 repeats each shape
// (17 depthwise layers per image).
#include <emscripten.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/f32-dwconv/f32-dwconv.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/indirection/conv2d-indirection.h"

using namespace nnslim::kernels;


namespace {

struct Layer {
  const char* label;
  size_t height, width, channels, stride, repeats;
};

// MobileNetV2 (width 1.0, 224x224): input size, channels, stride, and how
// many of its 17 bottleneck blocks have that depthwise shape.
const std::vector<Layer> kLayers3x3 = {
    {"112x112x32 s1", 112, 112, 32, 1, 1}, {"112->56 x96 s2", 112, 112, 96, 2, 1},
    {"56x56x144 s1", 56, 56, 144, 1, 1},   {"56->28 x144 s2", 56, 56, 144, 2, 1},
    {"28x28x192 s1", 28, 28, 192, 1, 2},   {"28->14 x192 s2", 28, 28, 192, 2, 1},
    {"14x14x384 s1", 14, 14, 384, 1, 4},   {"14x14x576 s1", 14, 14, 576, 1, 2},
    {"14->7 x576 s2", 14, 14, 576, 2, 1},  {"7x7x960 s1", 7, 7, 960, 1, 3},
};
// 5x5 on small maps, output 12x48, 6x24 and 3x12, stride 1 and 2, 96..288
// channels (one of each; "model" is then their plain sum).
const std::vector<Layer> kLayers5x5 = {
    {"12x48x96 s1", 12, 48, 96, 1, 1},    {"24x96->12x48 x96 s2", 24, 96, 96, 2, 1},
    {"6x24x96 s1", 6, 24, 96, 1, 1},      {"6x24x144 s1", 6, 24, 144, 1, 1},
    {"12x48->6x24 x144 s2", 12, 48, 144, 2, 1}, {"3x12x288 s1", 3, 12, 288, 1, 1},
    {"6x24->3x12 x288 s2", 6, 24, 288, 2, 1},   {"3x12x144 s1", 3, 12, 144, 1, 1},
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Prepared {
  Conv2DGeometry g;
  std::vector<float> input, zero, output;
  std::vector<const float*> indirection;
};

Prepared prepare(const Layer& layer, size_t ks, std::mt19937& rng) {
  Prepared p;
  const size_t pad = ks / 2;
  p.g = make_conv2d_geometry(layer.height, layer.width, ks, ks, layer.stride, layer.stride, 1, 1, pad, pad, pad, pad);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  p.input.resize(layer.height * layer.width * layer.channels);
  for (float& x : p.input) x = dist(rng);
  p.zero.assign(layer.channels, 0.0f);
  p.output.resize(p.g.output_pixels() * layer.channels);
  p.indirection.resize(dwconv_indirection_size(p.g));
  dwconv_indirection_init(p.g, p.input.data(), layer.channels, p.zero.data(), p.indirection.data());
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  std::string filter;
  int reps = 31;
  size_t ks = 3;  // kernel height = width
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
      reps = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--5x5") == 0) {
      ks = 5;
    } else {
      filter = argv[i];
    }
  }
  const size_t taps = ks * ks;
  const std::vector<Layer>& kLayers = ks == 5 ? kLayers5x5 : kLayers3x3;
  size_t count = 0;
  const F32DwconvUkernelInfo* all = f32_dwconv_ukernels(&count);
  std::vector<const F32DwconvUkernelInfo*> kernels;
  for (size_t i = 0; i < count; i++)
    if ((all[i].taps == taps || all[i].taps == 0) && std::strstr(all[i].name, "scalar") == nullptr &&
        std::strstr(all[i].name, filter.c_str()) != nullptr)
      kernels.push_back(&all[i]);
  if (kernels.empty()) {
    std::fprintf(stderr, "no kernel matches '%s'\n", filter.c_str());
    return 1;
  }

  std::mt19937 rng(42);
  std::vector<Prepared> layers;
  for (const Layer& layer : kLayers) layers.push_back(prepare(layer, ks, rng));
  // Packed weights per (kernel, layer): channel tiles differ between kernels.
  std::vector<std::vector<std::vector<float>>> packed(kernels.size());
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (size_t k = 0; k < kernels.size(); k++)
    for (const Layer& layer : kLayers) {
      std::vector<float> w(layer.channels * taps), b(layer.channels);
      for (float& x : w) x = dist(rng);
      for (float& x : b) x = dist(rng);
      std::vector<float> out(f32_packw_dwconv_size(layer.channels, taps, kernels[k]->channel_tile));
      f32_packw_dwconv_chw(kernels[k]->channel_tile, layer.channels, taps, w.data(), b.data(), out.data());
      packed[k].push_back(std::move(out));
    }
  const F32MinMaxParams params = f32_minmax(0.0f, 6.0f);  // ReLU6, as in MobileNetV2

  const size_t nl = kLayers.size();
  std::vector<std::vector<std::vector<double>>> times(kernels.size(), std::vector<std::vector<double>>(nl));
  for (int r = -3; r < reps; r++)  // 3 warm-up rounds (V8 tiers up to TurboFan)
    for (size_t l = 0; l < nl; l++)
      for (size_t k = 0; k < kernels.size(); k++) {
        Prepared& p = layers[l];
        // An untimed call first: the layer's input, weights and output are
        // then in cache, as in the model, where the previous step has just
        // written the input. (Timing the first call charged whichever
        // kernel came first in the round with the cache misses.)
        kernels[k]->fn(kLayers[l].channels, p.g.output_pixels(), taps, p.indirection.data(), packed[k][l].data(),
                       p.output.data(), taps * sizeof(void*), 0, 0, p.zero.data(), &params);
        const double t0 = emscripten_get_now();
        kernels[k]->fn(kLayers[l].channels, p.g.output_pixels(), taps, p.indirection.data(), packed[k][l].data(),
                       p.output.data(), taps * sizeof(void*), 0, 0, p.zero.data(), &params);
        const double t1 = emscripten_get_now();
        if (r >= 0) times[k][l].push_back((t1 - t0) * 1000.0);
      }

  std::printf("# f32 dwconv %zux%zu, %s layers, median of %d round-robin rounds (us; GFLOP/s)\n", ks, ks,
              ks == 5 ? "small-map 5x5" : "MobileNetV2", reps);
  std::printf("%-20s", "layer");
  for (const auto* k : kernels) std::printf(" %28s", k->name + std::strlen("f32_dwconv_minmax_ukernel_"));
  std::printf("\n");
  std::vector<double> model(kernels.size(), 0.0);
  for (size_t l = 0; l < nl; l++) {
    std::printf("%-20s", kLayers[l].label);
    const double flops = 2.0 * taps * layers[l].g.output_pixels() * kLayers[l].channels;
    for (size_t k = 0; k < kernels.size(); k++) {
      const double us = median(times[k][l]);
      model[k] += us * kLayers[l].repeats;
      std::printf(" %18.1f us %5.1f GF", us, flops / us / 1000.0);
    }
    std::printf("\n");
  }
  std::printf("%-20s", ks == 5 ? "sum" : "model (17 dw)");
  for (size_t k = 0; k < kernels.size(); k++) std::printf(" %18.1f us %8s", model[k], "");
  std::printf("\n");
  return 0;
}
