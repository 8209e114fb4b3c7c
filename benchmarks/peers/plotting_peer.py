"""Python peer of `./nb bench plotting`: the same inputs (raw files written by the C# side) through
PIL's PNG writer, matplotlib's Normalize + AsinhStretch-free colour mapping, astropy's ZScaleInterval
and json.dumps of a plotly figure dict. Single-threaded, as our side. Prints one JSON object."""
import io, json, sys, time
import numpy as np
from PIL import Image
import matplotlib
from matplotlib.colors import Normalize
from astropy.visualization import ZScaleInterval, AsinhStretch

work, width, height, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])


def best(f):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        r = f()
        times.append(time.perf_counter() - t)
    return min(times) * 1000, r


rgba = np.fromfile(f"{work}/pixels.rgba", dtype=np.uint8).reshape(height, width, 4)
img = Image.fromarray(rgba, "RGBA")


def png():
    b = io.BytesIO()
    img.save(b, format="PNG")  # PIL's defaults: zlib level 6, adaptive filtering
    return b.getbuffer().nbytes


png_ms, png_bytes = best(png)

data = np.fromfile(f"{work}/frame.f32", dtype=np.float32).reshape(height, width)
cmap = matplotlib.colormaps["viridis"]


def render():
    m = np.ma.masked_invalid(data.astype(np.float64))
    t = Normalize(m.min(), m.max(), clip=True)(m)
    return cmap(AsinhStretch()(t), bytes=True)


render_ms, _ = best(render)
zscale_ms, limits = best(lambda: ZScaleInterval().get_limits(data))

xy = np.fromfile(f"{work}/points.f64", dtype=np.float64)
n = xy.size // 2


def figure_json():
    fig = {"data": [{"type": "scattergl", "mode": "markers", "x": xy[:n].tolist(), "y": xy[n:].tolist(),
                     "marker": {"size": 3}}], "layout": {"title": {"text": "embedding"}}}
    return len(json.dumps(fig))


json_ms, json_chars = best(figure_json)
print(json.dumps({"png_ms": png_ms, "png_bytes": png_bytes, "render_ms": render_ms, "zscale_ms": zscale_ms,
                  "zscale": [float(limits[0]), float(limits[1])], "json_ms": json_ms, "json_chars": json_chars}))
