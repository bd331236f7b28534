import sys
print(sys.version_info[0])
print(sys.verison)
