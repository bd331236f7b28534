x = abc "def"
