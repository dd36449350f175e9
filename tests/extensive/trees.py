"""Trees for the tests: Gambit's as ours (an independent reading), and seeded random trees."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

from negotiation.extensive.efg import write_efg
from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree

DATA = Path(__file__).parent.parent / "data" / "efg"


def gambit_catalog_files(absent_minded: bool = False) -> list[Path]:
    """The .efg files pygambit ships (its catalog of literature games): those `Tree` holds,
    or (``absent_minded``) those where a player meets one set twice on a play, which it
    does not."""
    from importlib.resources import files

    import pytest

    from negotiation.errors import GameFileError
    from negotiation.extensive.efg import read_efg

    gbt = pytest.importorskip("pygambit")
    root = Path(str(files(gbt.__name__) / "catalog_data"))
    chosen = []
    for path in sorted(root.rglob("*.efg")):
        try:
            read_efg(path)
            refused = False
        except GameFileError as error:
            if "absent-mindedness" not in str(error):
                raise
            refused = True
        if refused == absent_minded:
            chosen.append(path)
    return chosen


def to_gambit(tree: Tree, directory: Path):
    """Our tree, written by our writer, read by pygambit."""
    import pygambit

    path = directory / "tree.efg"
    path.write_text(write_efg(tree), encoding="utf-8")
    return pygambit.read_efg(str(path))


def shape(tree: Tree) -> tuple:
    """The game in a form both readers can be compared in: in prefix order, each node's kind,
    mover, action labels, probabilities or payoffs, and the information sets as the partition
    of decision nodes (numbered by first appearance), independent of how sets are named."""
    sets: dict[tuple[int, str], int] = {}
    rows = []
    for _, node in tree.nodes():
        if isinstance(node, Terminal):
            rows.append(("t", tuple(Fraction(value) for value in node.payoffs)))
        elif isinstance(node, Chance):
            probabilities = tuple(Fraction(p) for p in node.probabilities)
            rows.append(("c", node.actions, probabilities))
        else:
            number = sets.setdefault((node.player, node.infoset), len(sets))
            rows.append(("p", node.player, number, node.actions))
    return tree.players, tuple(rows)


def gambit_shape(game) -> tuple:
    """`shape` of a pygambit tree, read through pygambit's own API: payoffs are the sum of
    the outcomes met from the root (Gambit allows outcomes at inner nodes)."""
    players = list(game.players)
    sets: dict = {}
    rows = []

    def visit(node, collected: tuple[Fraction, ...]) -> None:
        if node.outcome:
            collected = tuple(
                total + Fraction(str(node.outcome[player]))
                for total, player in zip(collected, players, strict=True)
            )
        if node.is_terminal:
            rows.append(("t", collected))
            return
        actions = tuple(action.label for action in node.infoset.actions)
        if node.player.is_chance:
            probabilities = tuple(Fraction(str(action.prob)) for action in node.infoset.actions)
            rows.append(("c", actions, probabilities))
        else:
            number = sets.setdefault(node.infoset, len(sets))
            rows.append(("p", players.index(node.player), number, actions))
        for child in node.children:
            visit(child, collected)

    visit(game.root, (Fraction(0),) * len(players))
    return tuple(player.label for player in players), tuple(rows)


def random_tree(
    seed: int,
    players: int = 2,
    depth: int = 4,
    chance: bool = True,
    imperfect: bool = False,
    payoff_range: int = 3,
) -> Tree:
    """A seeded random tree of layers: each layer has one mover (a player, or chance with
    rational probabilities), each node 1 to 3 actions (imperfect trees: the same count across a
    layer, and the layer's nodes split at random into information sets; the nodes of one layer
    are never on one play, so no set is met twice).  Small integer payoffs make ties common."""
    rng = random.Random(seed)
    movers = []
    for _ in range(depth):
        use_chance = chance and rng.random() < 0.25
        movers.append(-1 if use_chance else rng.randrange(players))
    widths = [rng.randint(2, 3) if imperfect else 0 for _ in range(depth)]
    counter = iter(range(10**9))

    def build(level: int) -> Node:
        if level == depth or (level > 0 and rng.random() < 0.2):
            return Terminal(tuple(Fraction(rng.randint(0, payoff_range)) for _ in range(players)))
        width = widths[level] or rng.randint(1, 3)
        actions = tuple(f"a{level}{k}" for k in range(width))
        children = tuple(build(level + 1) for _ in actions)
        mover = movers[level]
        if mover < 0:
            weights = [rng.randint(1, 3) for _ in actions]
            probabilities = tuple(Fraction(w, sum(weights)) for w in weights)
            return Chance(actions, probabilities, children)
        infoset = f"L{level}.{rng.randrange(2)}" if imperfect else f"n{next(counter)}"
        return Decision(mover, infoset, actions, children)

    return Tree(tuple(f"P{k + 1}" for k in range(players)), build(0), f"random {seed}")


def complete_tree(branching: int, depth: int, seed: int, players: int = 2) -> Tree:
    """A perfect-information tree with ``branching ** depth`` leaves, the players moving in
    turn, payoffs drawn from a wide range (ties rare)."""
    rng = random.Random(seed)

    def build(level: int, name: str) -> Node:
        if level == depth:
            return Terminal(tuple(Fraction(rng.randrange(10**6)) for _ in range(players)))
        actions = tuple(f"m{k}" for k in range(branching))
        children = tuple(build(level + 1, f"{name}.{k}") for k in range(branching))
        return Decision(level % players, name, actions, children)

    return Tree(tuple(f"P{k + 1}" for k in range(players)), build(0, "r"), "complete")


def gambit_infosets(tree: Tree, game) -> dict:
    """Each pygambit information set of ``game`` (the same tree) as our (player, set name),
    found by walking both trees side by side."""
    found = {}
    stack = [(tree.root, game.root)]
    while stack:
        ours, theirs = stack.pop()
        if isinstance(ours, Terminal):
            continue
        if isinstance(ours, Decision):
            found[theirs.infoset] = (ours.player, ours.infoset)
        stack.extend(zip(ours.children, theirs.children, strict=True))
    return found


def gambit_pure_equilibria(tree: Tree, game) -> set[tuple]:
    """pygambit's ``enumpure_solve`` on the tree (its reduced strategic form), each
    equilibrium as, per player, the set of (our set name, action index) its strategy plays."""
    import pygambit

    names = gambit_infosets(tree, game)
    result = set()
    for equilibrium in pygambit.nash.enumpure_solve(game).equilibria:
        profile = []
        for player in game.players:
            (strategy,) = [s for s in player.strategies if equilibrium[s] == 1]
            moves = set()
            for infoset in player.infosets:
                action = strategy.action(infoset)
                if action is not None:
                    moves.add((names[infoset][1], list(infoset.actions).index(action)))
            profile.append(frozenset(moves))
        result.add(tuple(profile))
    return result
