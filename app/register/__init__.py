"""The labour-force register (劳动力台账): people, households and their dated histories, the
active-in-period rules and the consequences of someone starting work."""
