raw = """sku,name,category,qty,unit_price
A100,Widget,tools,10,2.50
A101,Gadget,tools,0,12.00
B200,Apple,food,150,0.30
B201,Banana,food,80,0.25
C300,Novel,books,7,15.99
C301,Atlas,books,2,45.00
bad line without enough fields
D400,Chair,furniture,-1,30.00
"""
header, *lines = raw.strip().splitlines()
cols = header.split(",")
items, errors = [], []
for lineno, line in enumerate(lines, 2):
    parts = line.split(",")
    if len(parts) != len(cols):
        errors.append((lineno, "wrong field count"))
        continue
    rec = dict(zip(cols, parts))
    try:
        rec["qty"] = int(rec["qty"])
        rec["unit_price"] = float(rec["unit_price"])
        if rec["qty"] < 0: raise ValueError(f"negative qty {rec['qty']}")
    except ValueError as e:
        errors.append((lineno, str(e)))
        continue
    items.append(rec)
print(len(items), errors)
by_cat = {}
for it in items:
    by_cat.setdefault(it["category"], []).append(it)
for cat in sorted(by_cat):
    group = by_cat[cat]
    value = sum(i["qty"] * i["unit_price"] for i in group)
    print(f"{cat:<10} items={len(group)} stock={sum(i['qty'] for i in group):>4} value={value:>8.2f} out={[i['sku'] for i in group if not i['qty']]}")
most = max(items, key=lambda i: i["qty"] * i["unit_price"])
print(most["name"], f"{most['qty'] * most['unit_price']:.2f}")
restock = sorted((i for i in items if i["qty"] < 10), key=lambda i: (i["qty"], i["sku"]))
print([(i["sku"], i["qty"]) for i in restock])
out = [",".join(cols)] + [",".join(str(i[c]) for c in cols) for i in items if i["category"] != "food"]
print("\n".join(out))
