"""Import of the MPSV registry of social-service providers ("Registr poskytovatelů
sociálních služeb", open data of the Ministry of Labour and Social Affairs).

`reader` turns the file into providers and services with the values the portal keeps,
`importer` matches them (providers by IČO, services by their registry identifier) and
applies what no member has edited, `proposals` lets the secretariat accept or dismiss what
the registry has and the directory has not. The fields read are listed in reader.py and
docs/open-directory.md; a sample file in the dataset's shape is mpsv/sample.json.
"""
