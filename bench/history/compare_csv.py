#!/usr/bin/env python3
"""Compares planner and code-maat CSVs: pairs, degrees, average-revs, n-revs."""
import csv, sys, math
def load(p):
    with open(p, newline='') as f:
        return list(csv.DictReader(f))
pl = load(sys.argv[1]); cm = load(sys.argv[2])
kind = sys.argv[3]
if kind == 'coupling':
    P = {(r['entity'], r['coupled']): (int(r['degree']), int(r['average-revs'])) for r in pl}
    C = {(r['entity'], r['coupled']): (int(r['degree']), int(r['average-revs'])) for r in cm}
    print('planner pairs', len(P), 'code-maat pairs', len(C))
    print('only planner', len(P.keys()-C.keys()), list(P.keys()-C.keys())[:5])
    print('only code-maat', len(C.keys()-P.keys()), list(C.keys()-P.keys())[:5])
    both = P.keys() & C.keys()
    deg = [k for k in both if P[k][0] != C[k][0]]
    avg = [k for k in both if P[k][1] != C[k][1]]
    print('degree differs', len(deg), deg[:5])
    print('average-revs differs', len(avg), [(k, P[k], C[k]) for k in avg[:3]])
    odd = [k for k in avg if P[k][1] - C[k][1] != 1]
    print('average-revs differs by other than ceil-vs-floor', len(odd))
else:
    P = {r['entity']: int(r['n-revs']) for r in pl}
    C = {r['entity']: int(r['n-revs']) for r in cm}
    print('planner entities', len(P), 'code-maat entities', len(C))
    print('only planner', len(P.keys()-C.keys()), list(P.keys()-C.keys())[:5])
    print('only code-maat', len(C.keys()-P.keys()), list(C.keys()-P.keys())[:5])
    d = [(k, P[k], C[k]) for k in P.keys() & C.keys() if P[k] != C[k]]
    print('n-revs differs', len(d), d[:5])
