# CSV aggregation, reduce: merge the mappers' per-region sums and write one CSV table.
import csv
import sys
import zerolab
from collections import defaultdict

orders = defaultdict(int)
amount = defaultdict(float)
for peer in zerolab.list('in'):
    for region, n, total in csv.reader(zerolab.lines('in/' + peer)):
        orders[region] += int(n)
        amount[region] += float(total)
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['region', 'orders', 'amount'])
for region in sorted(orders, key=lambda r: -amount[r]):
    w.writerow([region, orders[region], f'{amount[region]:.2f}'])
