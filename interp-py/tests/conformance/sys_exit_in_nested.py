import sys
def cleanup():
    print("cleanup runs")
def main():
    try:
        print("working")
        sys.exit(4)
    finally:
        cleanup()
try:
    main()
except SystemExit as e:
    print("caught SystemExit", e.code)
    try:
        raise SystemExit("fatal: bad config")
    finally:
        print("finally before exit")
