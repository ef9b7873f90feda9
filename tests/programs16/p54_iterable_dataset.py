"""An IterableDataset streaming windows, itertools.islice over a DataLoader, and ChainDataset."""
import itertools

import torch
from torch.utils.data import ChainDataset, DataLoader, IterableDataset, get_worker_info


class Windows(IterableDataset):
    def __init__(self, series, width):
        self.series, self.width = series, width

    def __iter__(self):
        assert get_worker_info() is None
        for i in range(len(self.series) - self.width):
            yield self.series[i:i + self.width], self.series[i + self.width]


series = torch.arange(10.0) ** 2
ds = Windows(series, 3)
loader = DataLoader(ds, batch_size=3)
for x, y in loader:
    print(x.tolist(), y.tolist())
print([y.tolist() for _, y in itertools.islice(DataLoader(ds, batch_size=2), 2)])
chain = ChainDataset([Windows(series[:5], 2), Windows(series[5:], 2)])
print([int(y) for _, y in chain])
print(len(list(DataLoader(ds, batch_size=4, drop_last=True))))
print(isinstance(ds, torch.utils.data.Dataset), isinstance(ds, IterableDataset))
try:
    DataLoader(ds, batch_size=2, shuffle=True)
except ValueError as e:
    print("ValueError", "shuffle" in str(e))
