"""Partner mode: two people practise together (dialogs.pair; the README's "Practising with
your partner")."""
