"""Call-centre voice transcripts: Amazon Transcribe, openai-whisper and Google Speech-to-Text."""
