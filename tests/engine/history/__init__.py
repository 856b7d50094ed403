"""engine/history: hash-chain audit and anchors."""
