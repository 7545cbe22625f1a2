"""VIK: the Dutch police's integrity system (Veiligheid, Integriteit en Klachten)."""
