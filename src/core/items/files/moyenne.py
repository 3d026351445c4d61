def moyenne(notes):
    total = 0
    for note in notes:
        total = total + note
    return total / len(note)

print(moyenne([12, 15, 9]))
