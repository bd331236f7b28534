class AppError(Exception):
    def __str__(self):
        return "custom message"
def work():
    raise AppError()
print("start")
work()
