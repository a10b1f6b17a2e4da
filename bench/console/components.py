#!/usr/bin/env python3
"""Writes N component bundles for bench/console.sh: benchNNN 1.0.0, each with four methods and an
event, every one but the first depending on bench001 ^1.0.0. The classes are compiled once by
javac (one source per component, in its own package); this script packs each into its jar, with
the manifest bnd would have written from @MeshComponent.

usage: components.py <count> <classes dir> <sources dir (writes)> <deploy dir>
  step 1 (sources):  components.py <count> - <sources dir> -
  step 2 (jars):     components.py <count> <classes dir> - <deploy dir>
"""
import os
import sys
import zipfile

count, classes, sources, deploy = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

SOURCE = """package bench.c{n};

import io.switchboard.api.mesh.MeshComponent;

@MeshComponent(name = "bench{n}", events = {{"tick"}}{dependencies})
public class Component {{
    public String echo(String text) {{ return text; }}
    public int add(int a, int b) {{ return a + b; }}
    public String version() {{ return "1.0.0"; }}
    public java.util.List<String> names(int count) {{ return java.util.Collections.nCopies(Math.min(count, 10), "bench{n}"); }}
}}
"""

MANIFEST = """Manifest-Version: 1.0
Bundle-ManifestVersion: 2
Bundle-SymbolicName: bench.console.c{n}
Bundle-Version: 1.0.0
Import-Package: io.switchboard.api.mesh;version="[1.2,2)",java.lang,java.util
Provide-Capability: io.switchboard.mesh.component;class="bench.c{n}.Component";name=bench{n};events:List<String>="tick"{capability}
Require-Capability: osgi.extender;filter:="(osgi.extender=io.switchboard.mesh)"
"""


def manifest_lines(text):
    # a manifest line holds at most 72 bytes: longer ones continue on lines that start with a space
    out = []
    for line in text.splitlines():
        while len(line) > 70:
            out.append(line[:70])
            line = " " + line[70:]
        out.append(line)
    return "\r\n".join(out) + "\r\n\r\n"


for i in range(1, count + 1):
    n = f"{i:03d}"
    first = i == 1
    if sources != "-":
        folder = os.path.join(sources, "bench", "c" + n)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "Component.java"), "w") as out:
            out.write(SOURCE.format(n=n, dependencies="" if first else ', dependencies = "bench001 ^1.0.0"'))
    if deploy != "-":
        capability = "" if first else ';dependencies:List<String>="bench001 ^1.0.0"'
        written = os.path.join(deploy, f".bench-{n}.tmp")
        with zipfile.ZipFile(written, "w") as jar:
            jar.writestr("META-INF/MANIFEST.MF", manifest_lines(MANIFEST.format(n=n, capability=capability)))
            jar.write(os.path.join(classes, "bench", "c" + n, "Component.class"), f"bench/c{n}/Component.class")
        os.rename(written, os.path.join(deploy, f"bench-{n}-1.0.0.jar"))  # FileInstall never sees half a jar
