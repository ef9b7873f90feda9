# A hand-written model summary (as blog posts print one): forward hooks on every leaf module collect the output
# shape and parameter count into an OrderedDict, printed as a table with totals and the size in megabytes.
from collections import OrderedDict

import torch
import torch.nn as nn


def summary(model, input_size, batch_size=-1):
    result = OrderedDict()
    hooks = []

    def register_hook(module):
        def hook(module, input, output):
            class_name = str(module.__class__).split(".")[-1].split("'")[0]
            m_key = "%s-%i" % (class_name, len(result) + 1)
            result[m_key] = OrderedDict()
            result[m_key]["input_shape"] = list(input[0].size())
            result[m_key]["input_shape"][0] = batch_size
            result[m_key]["output_shape"] = list(output.size())
            result[m_key]["output_shape"][0] = batch_size
            params = 0
            if hasattr(module, "weight") and hasattr(module.weight, "size"):
                params += torch.prod(torch.LongTensor(list(module.weight.size())))
                result[m_key]["trainable"] = module.weight.requires_grad
            if hasattr(module, "bias") and hasattr(module.bias, "size"):
                params += torch.prod(torch.LongTensor(list(module.bias.size())))
            result[m_key]["nb_params"] = params

        if not isinstance(module, nn.Sequential) and not isinstance(module, nn.ModuleList) and module != model:
            hooks.append(module.register_forward_hook(hook))

    x = torch.rand(2, *input_size).type(torch.FloatTensor)
    model.apply(register_hook)
    model(x)
    for h in hooks:
        h.remove()
    print("-" * 64)
    print("{:>20}  {:>25} {:>15}".format("Layer (type)", "Output Shape", "Param #"))
    print("=" * 64)
    total_params, trainable_params = 0, 0
    for layer in result:
        print("{:>20}  {:>25} {:>15}".format(layer, str(result[layer]["output_shape"]),
                                             "{0:,}".format(result[layer]["nb_params"])))
        total_params += result[layer]["nb_params"]
        if result[layer].get("trainable", False):
            trainable_params += result[layer]["nb_params"]
    print("=" * 64)
    print("Total params: {0:,}".format(total_params))
    print("Trainable params: {0:,}".format(trainable_params))
    print("Params size (MB): %0.2f" % (abs(total_params * 4. / (1024 ** 2.))))
    return total_params


torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(16, 32, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))
model[4].weight.requires_grad_(False)
total = summary(model, (3, 16, 16))
print(type(total).__name__, total)
print(len(model[0]._forward_hooks))
