"""More English message cores (format: bank_tr.py)."""

BANK = {
"public-works": """
c n the road outside the school is full of holes
c n they dug up the street three weeks ago and left it like that
c n the street lamps flicker all night
c n there is no pavement so children walk in the road
c n the footbridge stairs are falling apart
r n please paint a zebra crossing near the school
i n who do i report a broken street light to
""",
"water-sewer": """
c u not a drop of water from the taps since yesterday
c n the tap water is yellow and smells bad
c u a pipe burst in the street and water is pouring into basements
c u the toilet is backing up with sewage
c n the drains are blocked and the street floods every time it rains
r n i want to close my water account, i am moving out
i n what is the number for water faults
""",
"sanitation": """
c n the smell from the bins is unbearable, not emptied for days
c n the collection crew left half the rubbish on the ground
c n there are no bins on our street so people throw litter everywhere
c n fly tipping on the corner again, mattresses and bags
r n please pick up our garden waste, we cut the hedge
i n how do i get rid of an old fridge
""",
"municipal-police": """
c n the bar next door blasts music every night
c n the cafe has taken over the whole pavement with chairs
c n the greengrocer sells rotten fruit and his scales are wrong
c n fireworks every night at midnight, babies wake up
c n we got food poisoning at that restaurant
c n the hairdresser works without a licence
i n until what time do the municipal police work
""",
"veterinary": """
c u a cat with a broken leg is lying on the pavement, cannot move
c u a dog was run over, it is alive but bleeding
c n there is a sick looking dog with patches of fur missing
c n a pack of dogs chases the kids on their way to school
c n someone keeps throwing stones at the dogs
r n please remove the snake from our garden
i n has my lost dog been brought to the shelter
""",
"parks": """
c n the playground equipment is broken and kids get hurt
c n nobody mows the park, the grass is knee high
c n tree branches are touching the power lines
c n the sprinklers are broken and water runs all night
c u a big branch snapped in the wind and blocks the pavement
r n please cut down the dead tree on our street
i n when is the free plant giveaway
""",
"transport": """
c n the bus was half an hour late and i missed work
c n they cut the number of buses on line 45, now they are packed
c n the driver shouted at an old lady
c n the escalator at the metro station is broken
c n the heating on the bus does not work, we are freezing
r n please put a bench and shelter at our stop
i n what are the weekend bus times
""",
"funeral": """
r u we lost our father last night and need help with the burial
r u we need to take the body to another city, we need a vehicle
c n the paths in the cemetery are broken
c n rubbish has piled up in the cemetery
i n are there still plots available in the cemetery
i n where do i get a burial permit
""",
"social-services": """
r n please provide hot meals for our elderly neighbour who lives alone
r n i lost my job and need help with rent
r n my mother is bedridden, we need incontinence supplies
r u my elderly father needs a ride to the hospital today
c e they lock their little girl outside and beat her, she is crying
c n my name is not on the fuel aid list
i n is the home care service free
""",
"zoning": """
c n the neighbour is adding a rooftop floor without permission
c n someone is building a shack in the garden illegally
c e a huge crack opened in the wall and the ceiling is creaking, people are inside
c e the balcony collapsed onto the pavement
c n the excavation next door cracked our foundations
r n we want our building checked for earthquake risk
i n do i need a permit to enclose my balcony
""",
"health": """
c n we cannot sit on the balcony in the evening because of mosquitoes
c n rats are coming into our house from the rubbish tip
c n there are fleas in the basement and the kids get bitten
c e my grandfather fell, hit his head and will not wake up
c e a child swallowed poison and is vomiting, send an ambulance
r n my father needs a nurse to check his blood pressure at home
i n which day does the spraying truck come
""",
"finance": """
c n i paid my property tax but it still shows as owed
c n i moved out but i still get the tax bill for the old flat
c n my card was charged twice
c n the online payment page does not open
r n i want to pay my debt in six instalments
i n when is the second property tax instalment due
""",
"general": """
p n we are grateful for everything the council does
p n what a lovely festival, well done
i n is any council office open at the weekend
i n when does nursery registration start
s n the council should publish notices in more languages
c n i waited half an hour to get through to the switchboard
c e there is a gas smell coming from the basement
c e flames are coming from the roof and the fire brigade is not here
""",
}

BANK["general"] += """
i n is the council call centre open at weekends
i n where can i read the council meeting minutes
p n proud to live in this city, thanks to everyone who works for it
s n the council should hold public meetings in every neighbourhood
c n i was transferred five times and nobody could help me
"""
BANK["social-services"] += """
r n a homeless man is sleeping in the park, can he get a place in a shelter
r n my elderly mother needs help with bathing and personal care
c n my carer allowance application was refused without explanation
i n is there a day care centre for older people
"""
BANK["health"] += """
c n stagnant water in the canal is full of mosquito larvae
r n we have bed bugs in the flat and need pest control
c e our neighbour fell down the stairs, his head is bleeding and he is not moving
"""
BANK["public-works"] += """
c n the new asphalt broke up within a week
c n there are no street name signs so nobody can find our address
r n please pave our cul de sac
"""
BANK["zoning"] += """
c n the old mansion is in ruins and the roof is about to cave in
i n what documents do i need for a demolition permit
"""

BANK["public-works"] += """
c n the crash barrier by the road is torn off
c n there are deep cracks in the bridge surface
r n please widen the narrow pavement on the high street
"""
BANK["water-sewer"] += """
c n water is spurting from the valve cover outside our house
c n the water board dug up the road to replace a pipe and left the hole open
c n a sewage smell hangs over the whole street, the drain is clogged
"""
BANK["sanitation"] += """
c n foxes and cats rip open the rubbish bags every night
c n nobody clears the piles of leaves on our road
i n where can i drop off electronic waste
"""
BANK["municipal-police"] += """
c n shops display goods all over the pavement and pedestrians walk in the road
c n the butcher's fridge is broken and meat sits in the sun
c n someone is charging parking fees without permission
"""
BANK["veterinary"] += """
c n a dog is chained up in a yard without food
c n there is a dead dolphin on the beach
c n a cat has been stuck up a tree for two days
"""
BANK["parks"] += """
c n the basketball hoop in the park is broken
c n the jogging track surface is uneven and people twist their ankles
"""
BANK["transport"] += """
c n the bus windows are broken and rain comes in
c n the shuttle to the hospital was cancelled and elderly people cannot get there
i n where does the airport bus leave from
"""
BANK["funeral"] += """
c n there is no guard at the cemetery and graves are being damaged
r u we need a hearse to take my mother to her village for burial
"""
