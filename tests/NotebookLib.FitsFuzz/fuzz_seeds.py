"""Writes the fuzz corpus' seed files with astropy: FILE_DIR -> one file per kind of FITS content."""
import gzip, os, sys, warnings
import numpy as np

warnings.simplefilter("ignore")
from astropy.io import fits

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)


def w(name, hdus):
    fits.HDUList(hdus).writeto(os.path.join(out, name), overwrite=True, checksum=False)


w("u8.fits", [fits.PrimaryHDU(rng.integers(0, 255, (40, 50)).astype(np.uint8))])
h = fits.PrimaryHDU(rng.integers(-3000, 3000, (60, 40)).astype(np.int16))
h.header["BSCALE"] = 0.5; h.header["BZERO"] = 10.0; h.header["BLANK"] = -3000
w("i16-scaled-blank.fits", [h])
w("u16.fits", [fits.PrimaryHDU(rng.integers(0, 65535, (33, 47)).astype(np.uint16))])
h = fits.PrimaryHDU(rng.integers(-10**6, 10**6, (30, 30)).astype(np.int32)); h.header["BLANK"] = -999
w("i32-blank.fits", [h])
f = rng.normal(size=(50, 40)).astype(np.float32)
f[0, :5] = [np.nan, np.inf, -np.inf, 1e-40, -0.0]  # NaN, infinities, a denormal, negative zero
w("f32-special.fits", [fits.PrimaryHDU(f)])
w("f64-mef.fits", [fits.PrimaryHDU(), fits.ImageHDU(rng.normal(size=(20, 25)), name="SCI"),
                   fits.ImageHDU(rng.integers(0, 3, (20, 25)).astype(np.int16), name="DQ")])
cols = [fits.Column(name="ID", format="J", array=np.arange(30)),
        fits.Column(name="FLUX", format="E", unit="ADU", array=rng.normal(size=30).astype(np.float32)),
        fits.Column(name="NAME", format="10A", array=[f"star{i}" for i in range(30)]),
        fits.Column(name="SPEC", format="PD()", array=np.array([rng.normal(size=i % 5 + 1) for i in range(30)], dtype=object)),
        fits.Column(name="OK", format="L", array=rng.integers(0, 2, 30).astype(bool))]
w("bintable.fits", [fits.PrimaryHDU(), fits.BinTableHDU.from_columns(cols, name="CAT")])
acols = [fits.Column(name="N", format="I6", array=np.arange(12)), fits.Column(name="X", format="F10.4", array=rng.normal(size=12)),
         fits.Column(name="S", format="A8", array=[f"r{i}" for i in range(12)])]
w("ascii.fits", [fits.PrimaryHDU(), fits.TableHDU.from_columns(acols, name="ASC")])
img = (np.arange(64 * 48).reshape(48, 64) % 1000).astype(np.int16)
w("rice.fits", [fits.PrimaryHDU(), fits.CompImageHDU(img, compression_type="RICE_1")])
w("gzip-tiles.fits", [fits.PrimaryHDU(), fits.CompImageHDU(rng.normal(size=(30, 40)).astype(np.float32), compression_type="GZIP_1")])
g = fits.GroupData(rng.normal(size=(6, 1, 2, 3)).astype(np.float32), parnames=["UU", "VV", "UU"],
                   pardata=[rng.normal(size=6), rng.normal(size=6), rng.normal(size=6)], bitpix=-32)
w("groups.fits", [fits.GroupsHDU(g)])
with open(os.path.join(out, "u8.fits"), "rb") as src, gzip.open(os.path.join(out, "gz.fits.gz"), "wb") as dst:
    dst.write(src.read())
print("\n".join(sorted(os.listdir(out))))
