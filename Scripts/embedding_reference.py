"""References for the corpus report's embedding: numpy's SVD for PCA, sklearn's trustworthiness, and umap-learn's
curve fit (find_ab_params, re-stated with scipy's curve_fit so umap-learn need not be installed).

Usage:
  embedding_reference.py pca DATA.csv K           -> {"components": [[...]], "explained_variance": [...]}
  embedding_reference.py trust DATA.csv EMB.csv K -> {"trustworthiness": t}
  embedding_reference.py ab MIN_DIST SPREAD       -> {"a": a, "b": b}
"""

import json
import sys

import numpy as np


def pca(path: str, k: int) -> dict:
    x = np.loadtxt(path, delimiter=",", ndmin=2)
    centred = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    return {"components": vt[:k].tolist(), "explained_variance": (s[:k] ** 2 / (len(x) - 1)).tolist()}


def trust(data: str, embedding: str, k: int) -> dict:
    from sklearn.manifold import trustworthiness

    x = np.loadtxt(data, delimiter=",", ndmin=2)
    y = np.loadtxt(embedding, delimiter=",", ndmin=2)
    return {"trustworthiness": float(trustworthiness(x, y, n_neighbors=k))}


def ab(min_dist: float, spread: float) -> dict:
    from scipy.optimize import curve_fit

    def curve(x, a, b):
        return 1.0 / (1.0 + a * x ** (2 * b))

    xv = np.linspace(0, spread * 3, 300)
    yv = np.zeros(xv.shape)
    yv[xv < min_dist] = 1.0
    yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
    params, _ = curve_fit(curve, xv, yv)
    return {"a": float(params[0]), "b": float(params[1])}


def main() -> None:
    command = sys.argv[1]
    if command == "pca":
        result = pca(sys.argv[2], int(sys.argv[3]))
    elif command == "trust":
        result = trust(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif command == "ab":
        result = ab(float(sys.argv[2]), float(sys.argv[3]))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
