from setuptools import Extension, setup

setup(
    name="fastscore",
    version="0.3.0",
    description="Similarity scores for interest vectors, in C",
    license="MIT",
    ext_modules=[
        Extension("fastscore", sources=["fastscore.c"], extra_compile_args=["-O2"]),
    ],
)
