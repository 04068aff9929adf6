// Conv and ConvTranspose over any number of spatial dims (1D/2D/3D), with
// groups, strides, dilations and pads. Accumulates in double.
#include <algorithm>

#include "ops/reference/reference_ops.h"
#include "ops/reference/window.h"

namespace nnslim {
namespace reference {
// Conv: X [N, C, in...], W [M, C/group, k...], B [M]. Output channel m is in
// group g = m / (M/group) and sees input channels g*C/group ... (g+1)*C/group - 1:
//   Y[n, m, o] = B[m] + sum_{c, k} X[n, g*C/group + c, o*stride - pad + k*dilation] * W[m, c, k]
// with taps that fall into the padding contributing zero.
NNSLIM_DEFINE_REFERENCE(Conv) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& w = required_input(node, inputs, 1);
  const TensorView* b = optional_input(inputs, 2);
  const TensorView& y = required_output(node, outputs, 0);
  const Shape in_sp = spatial_dims(x.shape), out_sp = spatial_dims(y.shape), k_sp = spatial_dims(w.shape);
  const Window win = forward_window(node, in_sp, out_sp, k_sp);
  const int64_t batch = x.shape[0], channels = x.shape[1], out_channels = w.shape[0];
  const int64_t group = node.attr_int("group", 1);
  if (group <= 0 || channels % group || out_channels % group || w.shape[1] * group != channels)
    node_fail(node, "group ", group, " does not fit X ", shape_to_string(x.shape), " and W ", shape_to_string(w.shape));
  const int64_t c_per_group = channels / group, m_per_group = out_channels / group;
  const int64_t in_size = shape_numel(in_sp), out_size = shape_numel(out_sp), k_size = shape_numel(k_sp);
  const size_t rank = in_sp.size();

  const std::vector<double> xd = read_doubles(x), wd = read_doubles(w);
  std::vector<Shape> taps(static_cast<size_t>(k_size));
  for (int64_t k = 0; k < k_size; ++k) taps[static_cast<size_t>(k)] = unravel(k, k_sp);

  Shape out_index(rank);  // per output, reused
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t m = 0; m < out_channels; ++m) {
      const int64_t g = m / m_per_group;
      const double bias = b ? load_double(*b, m) : 0.0;
      for (int64_t o = 0; o < out_size; ++o) {
        unravel_into(o, out_sp, out_index);
        double acc = bias;
        for (int64_t k = 0; k < k_size; ++k) {
          // Flat spatial input index of this tap, or skip if it lies in the padding.
          int64_t in_flat = 0;
          bool inside = true;
          for (size_t d = 0; d < rank && inside; ++d) {
            const int64_t pos = out_index[d] * win.strides[d] - win.pads_begin[d] +
                                taps[static_cast<size_t>(k)][d] * win.dilations[d];
            inside = pos >= 0 && pos < in_sp[d];
            in_flat = in_flat * in_sp[d] + pos;
          }
          if (!inside) continue;
          for (int64_t c = 0; c < c_per_group; ++c)
            acc += xd[static_cast<size_t>(((n * channels) + g * c_per_group + c) * in_size + in_flat)] *
                   wd[static_cast<size_t>((m * c_per_group + c) * k_size + k)];
        }
        store_double(y, (n * out_channels + m) * out_size + o, acc);
      }
    }
}

// ConvTranspose: X [N, C, in...], W [C, M/group, k...], B [M]: the adjoint of
// Conv. Each input element scatters into the output:
//   Y[n, g*M/group + m, i*stride + k*dilation - pad_begin] += X[n, g*C/group + c, i] * W[g*C/group + c, m, k]
// (pad_begin: see transposed_window in window.h). Output positions the scatter
// never reaches hold the bias.
NNSLIM_DEFINE_REFERENCE(ConvTranspose) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& w = required_input(node, inputs, 1);
  const TensorView* b = optional_input(inputs, 2);
  const TensorView& y = required_output(node, outputs, 0);
  const Shape in_sp = spatial_dims(x.shape), out_sp = spatial_dims(y.shape), k_sp = spatial_dims(w.shape);
  const size_t rank = in_sp.size();
  const int64_t batch = x.shape[0], channels = x.shape[1];
  const int64_t group = node.attr_int("group", 1);
  if (group <= 0 || channels % group || w.shape[0] != channels)
    node_fail(node, "group ", group, " does not fit X ", shape_to_string(x.shape), " and W ", shape_to_string(w.shape));
  const int64_t c_per_group = channels / group, m_per_group = w.shape[1], out_channels = m_per_group * group;
  if (y.shape[1] != out_channels) node_fail(node, "output has ", y.shape[1], " channels, expected ", out_channels);

  const TransposedWindow win = transposed_window(node, in_sp, out_sp, k_sp);
  const Shape& strides = win.strides;
  const Shape& dilations = win.dilations;
  const Shape& pads_begin = win.pads_begin;

  const int64_t in_size = shape_numel(in_sp), out_size = shape_numel(out_sp), k_size = shape_numel(k_sp);
  const std::vector<double> xd = read_doubles(x), wd = read_doubles(w);
  std::vector<double> acc(static_cast<size_t>(batch * out_channels * out_size), 0.0);
  std::vector<Shape> taps(static_cast<size_t>(k_size));
  for (int64_t k = 0; k < k_size; ++k) taps[static_cast<size_t>(k)] = unravel(k, k_sp);
  Shape in_index(rank);  // per input element, reused
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t ci = 0; ci < channels; ++ci) {
      const int64_t g = ci / c_per_group;
      for (int64_t i = 0; i < in_size; ++i) {
        unravel_into(i, in_sp, in_index);
        const double xv = xd[static_cast<size_t>((n * channels + ci) * in_size + i)];
        for (int64_t k = 0; k < k_size; ++k) {
          const Shape& tap = taps[static_cast<size_t>(k)];
          int64_t out_flat = 0;
          bool inside = true;
          for (size_t d = 0; d < rank && inside; ++d) {
            const int64_t pos = in_index[d] * strides[d] + tap[d] * dilations[d] - pads_begin[d];
            inside = pos >= 0 && pos < out_sp[d];
            out_flat = out_flat * out_sp[d] + pos;
          }
          if (!inside) continue;
          for (int64_t m = 0; m < m_per_group; ++m)
            acc[static_cast<size_t>((n * out_channels + g * m_per_group + m) * out_size + out_flat)] +=
                xv * wd[static_cast<size_t>((ci * m_per_group + m) * k_size + k)];
        }
      }
    }
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t m = 0; m < out_channels; ++m) {
      const double bias = b ? load_double(*b, m) : 0.0;
      for (int64_t o = 0; o < out_size; ++o) {
        const int64_t flat = (n * out_channels + m) * out_size + o;
        store_double(y, flat, acc[static_cast<size_t>(flat)] + bias);
      }
    }
}

}  // namespace reference
}  // namespace nnslim
