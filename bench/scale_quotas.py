#!/usr/bin/env python3
"""Copies a recorded snapshot with every region's quota lists N times as long (issue 29, case 14).

    bench/scale_quotas.py SNAPSHOT_DIR OUT_DIR N

Each quota of ListServiceQuotas and ListAWSDefaultServiceQuotas gets N-1 copies with codes of
their own (`L-1234ABCD` -> `L-1234ABCD` plus `L-1234ABCDx1` ...), the same name and value, so every
model that had k quotas has N*k: what a quota phase that scans a model's list per quota turns
quadratic. Page counts stay as recorded (each page N times as long). Replay the copy with `-v` and
read the `step` spans' times to see the quota phase alone.
"""
import json, os, shutil, sys

src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
shutil.copytree(src, out)
for region in os.listdir(os.path.join(out, "aws")):
    for api in ("list_service_quotas", "list_aws_default_service_quotas"):
        d = os.path.join(out, "aws", region, api)
        if not os.path.isdir(d):
            continue
        for page in os.listdir(d):
            p = os.path.join(d, page)
            doc = json.load(open(p))
            grown = []
            for q in doc.get("Quotas", []):
                grown.append(q)
                for k in range(1, n):
                    c = dict(q)
                    c["QuotaCode"] = f'{q["QuotaCode"]}x{k}'
                    c["QuotaArn"] = f'{q["QuotaArn"]}x{k}'
                    grown.append(c)
            doc["Quotas"] = grown
            json.dump(doc, open(p, "w"), indent=2)
