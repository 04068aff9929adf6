// fuse_pad_into_conv: a zero Pad of only the spatial dims of a 4-D tensor,
// read by nothing but a Conv (or a MaxPool, whose padding is -inf: a zero pad
// differs there, so only Conv and count_include_pad=1 AveragePool qualify),
// becomes extra `pads` of that node:
//   Conv(Pad(x, [0,0,t,l, 0,0,b,r]), W) = Conv(x, W, pads += [t,l,b,r])
// because the conv's own padding is zeros too. Keras models spell stride-2
// 'same' convolutions as ZeroPadding2D + 'valid' conv (MobileNetV2, ResNet).
// Returns the number of fused pads.
#pragma once
#include "ir/graph.h"

namespace nnslim {

int fuse_pad_into_conv(Graph& graph);

}  // namespace nnslim
