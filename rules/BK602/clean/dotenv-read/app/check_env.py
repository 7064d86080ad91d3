from dotenv import dotenv_values, load_dotenv

load_dotenv()
documented = dotenv_values(".env.example")
