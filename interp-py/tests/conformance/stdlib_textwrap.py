# textwrap: wrap/fill/shorten/dedent/indent and TextWrapper options (all regex-driven).
import textwrap

text = ("The quick brown fox jumps over the lazy dog. Pack my box with five dozen "
        "liquor jugs!  Sphinx of black quartz, judge my vow -- well-known hyphenated-words "
        "and a verylongwordthatcannotpossiblyfitonasinglelineatall here.")
for width in (10, 25, 40, 79):
    print(width, textwrap.wrap(text, width))
print(textwrap.fill(text, 30, initial_indent="* ", subsequent_indent="  "))
print(textwrap.fill(text, 20, break_long_words=False, break_on_hyphens=False))
print(textwrap.fill("a\tb\tc d", 12, expand_tabs=True, tabsize=4))
print(textwrap.wrap("Hello.  World.  Again", 12, fix_sentence_endings=True))
print(textwrap.wrap("  leading   and   trailing  ", 10, drop_whitespace=False))
print(textwrap.wrap("one two three four five six", 10, max_lines=2, placeholder=" [..]"))
print(textwrap.shorten(text, 40), textwrap.shorten("Hello  world!", width=12))
print(textwrap.shorten("x" * 50, 20, placeholder="..."))
print(repr(textwrap.dedent("""
    def f():
        return 1
      # odd
    """)))
print(repr(textwrap.dedent("  a\n\t b\n")), repr(textwrap.dedent("   \n  x\n")))
print(repr(textwrap.indent("a\n\nb\n", "> ")), repr(textwrap.indent("a\n \nb", "+", lambda l: True)))
w = textwrap.TextWrapper(width=15, replace_whitespace=False)
print(w.wrap("a b\nc d e f g h i j"))
print(textwrap.wrap("", 10), textwrap.wrap("   ", 10), textwrap.fill("x", 1))
print(textwrap.wrap("ünïcödé wörds wrap ünïformly ïn tërn", 12))
try:
    textwrap.wrap("abc", 0)
except ValueError as e:
    print("ValueError", e)
try:
    textwrap.wrap("abc def", 4, max_lines=1, placeholder="......")
except ValueError as e:
    print("ValueError", e)
