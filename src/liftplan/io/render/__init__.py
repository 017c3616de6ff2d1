"""io/render"""
