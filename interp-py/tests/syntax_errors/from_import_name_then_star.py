from x import a, *
