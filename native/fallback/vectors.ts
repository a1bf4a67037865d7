import type { Activation, QuantizedRows, QuantizedVector, TopKHit } from '../types.js';

/**
 * Dense layers and vector kernels of the fallback. Accumulation is float64 here and float32 (vectorized) in the
 * addon: results agree to about 1e-5 relative, not bit for bit (see native.test.ts for the tolerances).
 */

export function dense(input: Float32Array, rows: number, inDim: number, weights: Float32Array, bias: Float32Array, outDim: number, activation: Activation): Float32Array {
  const out = new Float32Array(rows * outDim);
  const acc = new Float64Array(outDim);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outDim; o++) acc[o] = bias[o]!;
    const inRow = r * inDim;
    for (let i = 0; i < inDim; i++) {
      const a = input[inRow + i]!;
      // Hashed text features are mostly zero: skipping them is the cheap half of a sparse product.
      if (a === 0) continue;
      const wRow = i * outDim;
      for (let o = 0; o < outDim; o++) acc[o]! += a * weights[wRow + o]!;
    }
    activate(acc, activation);
    out.set(acc, r * outDim);
  }
  return out;
}

function activate(v: Float64Array, activation: Activation): void {
  if (activation === 'relu') {
    for (let i = 0; i < v.length; i++) if (!(v[i]! > 0)) v[i] = 0;
  } else if (activation === 'softmax') {
    let max = -Infinity;
    for (let i = 0; i < v.length; i++) if (v[i]! > max) max = v[i]!;
    let sum = 0;
    for (let i = 0; i < v.length; i++) {
      v[i] = Math.exp(v[i]! - max);
      sum += v[i]!;
    }
    for (let i = 0; i < v.length; i++) v[i]! /= sum;
  }
}

/** Best first; equal scores keep the lower index first. Rows or a query of zero length score 0. */
export function cosineTopK(query: Float32Array, matrix: Float32Array, dim: number, k: number): TopKHit[] {
  const n = matrix.length / dim;
  let qn = 0;
  for (let i = 0; i < dim; i++) qn += query[i]! * query[i]!;
  qn = Math.sqrt(qn);
  const scores = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let dot = 0;
    let nn = 0;
    const base = r * dim;
    for (let i = 0; i < dim; i++) {
      const m = matrix[base + i]!;
      dot += query[i]! * m;
      nn += m * m;
    }
    const denom = qn * Math.sqrt(nn);
    scores[r] = denom > 0 ? dot / denom : 0;
  }
  return topK(scores, Math.min(k, n));
}

/** Top k of `scores` by a bounded min-heap (k log n), then sorted. */
export function topK(scores: Float64Array, k: number): TopKHit[] {
  // Worse = lower score, or equal score and higher index.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let idx = 0; idx < scores.length; idx++) {
    if (heap.length < k) {
      heap.push(idx);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (k > 0 && worse(heap[0]!, idx)) {
      heap[0] = idx;
      down(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0)).map((index) => ({ index, score: scores[index]! }));
}

const roundHalfAway = (x: number) => (x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5));

function quantizeInto(v: Float32Array, from: number, to: number, out: Int8Array): number {
  let maxAbs = 0;
  for (let i = from; i < to; i++) {
    const a = Math.abs(v[i]!);
    if (a > maxAbs) maxAbs = a;
  }
  if (maxAbs === 0) return 0;
  const scale = maxAbs / 127;
  for (let i = from; i < to; i++) out[i] = Math.max(-127, Math.min(127, roundHalfAway(v[i]! / scale)));
  return scale;
}

export function quantizeInt8(v: Float32Array): QuantizedVector {
  const data = new Int8Array(v.length);
  return { data, scale: quantizeInto(v, 0, v.length, data) };
}

export function quantizeInt8Rows(matrix: Float32Array, dim: number): QuantizedRows {
  const n = matrix.length / dim;
  const data = new Int8Array(matrix.length);
  const scales = new Float64Array(n);
  for (let r = 0; r < n; r++) scales[r] = quantizeInto(matrix, r * dim, (r + 1) * dim, data);
  return { data, scales };
}
