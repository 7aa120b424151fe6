# CSV aggregation, map: sum the amount column of one CSV object per region (csv module) and
# send "region,orders,amount" lines to the reducer.
import csv
from collections import defaultdict

orders = defaultdict(int)
amount = defaultdict(float)
with open('/dev/input', newline='', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        orders[row['region']] += 1
        amount[row['region']] += float(row['amount'])
with open('/dev/out/reduce', 'w', newline='') as out:
    w = csv.writer(out)
    for region in sorted(orders):
        w.writerow([region, orders[region], f'{amount[region]:.2f}'])
