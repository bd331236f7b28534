class Config:
    def __init__(self):
        self.verbose = True
        self.output_path = "/tmp"
cfg = Config()
print(cfg.verbose)
try:
    cfg.verbos
except AttributeError as e:
    print("handled:", e)
counter = 5
try:
    print(countr)
except NameError as e:
    print("handled:", e)
print(cfg.outptu_path)
