rooms = {
    "hall": {"desc": "A long hall.", "exits": {"north": "library", "east": "kitchen"}, "items": ["lamp"]},
    "library": {"desc": "Dusty books everywhere.", "exits": {"south": "hall"}, "items": ["book", "key"]},
    "kitchen": {"desc": "Smells of bread.", "exits": {"west": "hall", "down": "cellar"}, "items": []},
    "cellar": {"desc": "Dark and damp.", "exits": {"up": "kitchen"}, "items": ["treasure"], "locked": True},
}
class Game:
    def __init__(self):
        self.room, self.inventory, self.moves = "hall", [], 0
    def do(self, line):
        verb, _, arg = line.partition(" ")
        handler = getattr(self, "cmd_" + verb, None)
        if handler is None:
            return f"I don't know how to {verb!r}."
        self.moves += 1
        return handler(arg)
    def cmd_look(self, _):
        r = rooms[self.room]
        items = ", ".join(r["items"]) or "nothing"
        return f"{r['desc']} Exits: {', '.join(sorted(r['exits']))}. You see: {items}."
    def cmd_go(self, direction):
        exits = rooms[self.room]["exits"]
        if direction not in exits:
            return "You can't go that way."
        target = exits[direction]
        if rooms[target].get("locked") and "key" not in self.inventory:
            return "The way is locked."
        self.room = target
        return f"You go {direction} to the {target}."
    def cmd_take(self, item):
        items = rooms[self.room]["items"]
        if item not in items:
            return f"There is no {item} here."
        items.remove(item); self.inventory.append(item)
        return f"Taken: {item}."
    def cmd_inventory(self, _):
        return "You carry: " + (", ".join(sorted(self.inventory)) or "nothing")
game = Game()
script = ["look", "take lamp", "go east", "go down", "go west", "go north", "look", "take key", "take sword", "go south",
          "go east", "go down", "look", "take treasure", "inventory", "dance", "go up", "go nowhere"]
for cmd in script:
    print(f"> {cmd}\n{game.do(cmd)}")
print("moves:", game.moves, "room:", game.room, "score:", 10 * len(game.inventory))
